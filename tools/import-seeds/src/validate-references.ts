// Cross-file checks the schema cannot do alone: ids unique over all files, region codes known, periods
// that agree with the quotes.
import { stripScrapingNoise } from '@hkp/chinese-text';
import type { NamedCurationFile } from './curation-schema';
import { parseRegionTsv } from '@hkp/region-data';

/** Measures, inspection rounds and assistance pairings share one id space: the graph addresses them by id. */
export function findDuplicateIds(files: readonly NamedCurationFile[]): string[] {
  const seen = new Map<string, string>();
  const errors: string[] = [];
  for (const { fileName, content } of files) {
    const ids = [
      ...content.measures.map((m) => m.id),
      ...(content.inspectionRounds ?? []).map((r) => r.id),
      ...(content.assistancePairings ?? []).map((p) => p.id),
    ];
    for (const id of ids) {
      const first = seen.get(id);
      if (first === undefined) seen.set(id, fileName);
      else errors.push(`duplicate id "${id}" in ${fileName} (first defined in ${first})`);
    }
  }
  return errors;
}

interface RegionRef {
  readonly owner: string;
  readonly field: string;
  readonly code: string;
}

function listRegionCodes({ content }: NamedCurationFile): RegionRef[] {
  const refs: RegionRef[] = [];
  for (const m of content.measures) {
    m.regionCodes.forEach((code, i) => refs.push({ owner: m.id, field: `regionCodes[${i}]`, code }));
    m.targets.forEach((t, i) => {
      if (t.regionCode !== null) refs.push({ owner: m.id, field: `targets[${i}].regionCode`, code: t.regionCode });
    });
    if (m.department === 'FINANCE') {
      (m.details.fundingLines ?? []).forEach((f, i) =>
        refs.push({ owner: m.id, field: `details.fundingLines[${i}].regionCode`, code: f.regionCode }),
      );
    }
  }
  (content.meetings ?? []).forEach((x, i) => refs.push({ owner: `meetings[${i}]`, field: 'regionCode', code: x.regionCode }));
  (content.keyFigures ?? []).forEach((x, i) => refs.push({ owner: `keyFigures[${i}]`, field: 'regionCode', code: x.regionCode }));
  for (const p of content.assistancePairings ?? []) {
    p.helpedRegionCodes.forEach((code, i) => refs.push({ owner: p.id, field: `helpedRegionCodes[${i}]`, code }));
  }
  return refs;
}

export function findUnknownRegionCodes(files: readonly NamedCurationFile[], known: ReadonlySet<string>): string[] {
  return files.flatMap((file) =>
    listRegionCodes(file)
      .filter((ref) => !known.has(ref.code))
      .map((ref) => `${file.fileName}: ${ref.owner}: ${ref.field} "${ref.code}" is not in data/regions/guangdong.tsv`),
  );
}

export { REGION_TSV_HEADER as REGIONS_HEADER } from '@hkp/region-data';

/** The codes of data/regions/guangdong.tsv; throws if the header is not the agreed one. */
export function parseRegionCodes(tsv: string): Set<string> {
  return new Set(parseRegionTsv(tsv).map((row) => row.code));
}

// `到2027年` (by 2027) in a measure's own quotes is the end of the period it covers.
const BY_YEAR = /到\s*((?:19|20)\d{2})\s*年/g;

/**
 * A measure whose excerpt or points say "到YYYY年" must have a periodEnd of at least YYYY: the year
 * filter (`measures(filter: { year })`) reads the period, so a plan that states its horizon only in
 * words would be missed. The quote is the provenance of the period.
 */
export function findMissingPeriods(files: readonly NamedCurationFile[]): string[] {
  const errors: string[] = [];
  for (const { fileName, content } of files) {
    for (const m of content.measures) {
      const text = stripScrapingNoise([m.excerpt, ...m.points].join('\n'));
      const years = [...text.matchAll(BY_YEAR)].map((match) => Number(match[1]));
      if (years.length === 0) continue;
      const horizon = Math.max(...years);
      if (m.periodEnd === null || m.periodEnd < horizon) {
        errors.push(
          `${fileName}: ${m.id}: periodEnd is ${m.periodEnd ?? 'null'} but its quotes say "到${horizon}年": set periodEnd to ${horizon} or later`,
        );
      }
    }
  }
  return errors;
}
