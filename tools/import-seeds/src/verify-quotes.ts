// The provenance rule: every quoted field must occur verbatim in the seed document the file names.
import type { CurationFile, NamedCurationFile } from './curation-schema';

/** One quoted field: which item it belongs to (a measure id, or e.g. `meetings[3]`) and its field path. */
export interface QuoteRef {
  readonly owner: string;
  readonly field: string;
  readonly text: string;
}

export interface QuoteError {
  readonly fileName: string;
  readonly document: string;
  readonly owner: string;
  readonly field: string;
  readonly text: string;
}

/** Every field the format marks as an exact quote, in file order. */
export function listQuotes(file: CurationFile): QuoteRef[] {
  const quotes: QuoteRef[] = [];
  const add = (owner: string, field: string, text: string): void => {
    quotes.push({ owner, field, text });
  };

  for (const m of file.measures) {
    add(m.id, 'originalTitle', m.originalTitle);
    add(m.id, 'excerpt', m.excerpt);
    m.points.forEach((p, i) => add(m.id, `points[${i}]`, p));
    m.targets.forEach((t, i) => add(m.id, `targets[${i}].excerpt`, t.excerpt));
    if (m.department === 'FINANCE') {
      (m.details.fundingLines ?? []).forEach((f, i) => add(m.id, `details.fundingLines[${i}].excerpt`, f.excerpt));
    }
  }
  (file.milestones ?? []).forEach((x, i) => {
    add(`milestones[${i}]`, 'goal', x.goal);
    add(`milestones[${i}]`, 'excerpt', x.excerpt);
  });
  (file.meetings ?? []).forEach((x, i) => {
    add(`meetings[${i}]`, 'title', x.title);
    add(`meetings[${i}]`, 'summary', x.summary);
  });
  (file.keyFigures ?? []).forEach((x, i) => add(`keyFigures[${i}]`, 'excerpt', x.excerpt));
  (file.inspectionRounds ?? []).forEach((x) => add(x.id, 'excerpt', x.excerpt));
  (file.assistancePairings ?? []).forEach((x) => add(x.id, 'excerpt', x.excerpt));
  return quotes;
}

/** The quotes of `file` that are not substrings of `seedText` (line endings aside, the comparison is exact). */
export function verifyQuotes(file: NamedCurationFile, seedText: string): QuoteError[] {
  const seed = seedText.replace(/\r\n?/g, '\n');
  return listQuotes(file.content)
    .filter((q) => !seed.includes(q.text))
    .map((q) => ({ fileName: file.fileName, document: file.content.document, owner: q.owner, field: q.field, text: q.text }));
}

export function formatQuoteError(e: QuoteError): string {
  const start = [...e.text].slice(0, 30).join('');
  return `${e.fileName}: ${e.owner}: ${e.field} is not in data/seeds/${e.document}.txt: "${start}${[...e.text].length > 30 ? '…' : ''}"`;
}
