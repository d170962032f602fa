import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, OperationTypeNode, parse } from 'graphql';
import { workspaceRoot } from '@hkp/util-env';

/** The explorer's first query when the README's examples are not at hand (an image without the repository's docs). */
export const EXPLORER_DEFAULT_QUERY = `# The Hundred-Thousand Project policy graph (百县千镇万村高质量发展工程).
# Press the run button, or try the queries in README.md.

query FoshanAndItsDistricts {
  region(code: "440600") {
    code
    name
    areaName
    children { code name }
  }
}
`;

export interface ExplorerTab {
  query: string;
}

/** The paragraph before a code block, as one comment line: who the example is for. */
function introduction(before: string): string | undefined {
  const paragraphs = before.trimEnd().split(/\n\s*\n/);
  const last = paragraphs[paragraphs.length - 1]?.replace(/\s+/g, ' ').replace(/\*\*/g, '').trim();
  if (!last || last.startsWith('#') || last.startsWith('```')) return undefined;
  return last;
}

/**
 * One explorer tab per query example of the README (its ```graphql blocks that read, not write),
 * each headed by the sentence that introduces it, so that the explorer opens on the examples the
 * documentation explains.
 */
export function explorerTabs(readme: string): ExplorerTab[] {
  const tabs: ExplorerTab[] = [];
  for (const match of readme.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const query = match[1] ?? '';
    let reads = false;
    try {
      reads = parse(query).definitions.every((d) => d.kind !== Kind.OPERATION_DEFINITION || d.operation === OperationTypeNode.QUERY);
    } catch {
      reads = false;
    }
    if (!reads) continue;
    const intro = introduction(readme.slice(0, match.index));
    tabs.push({ query: intro ? `# ${intro}\n${query}` : query });
  }
  return tabs;
}

/** The explorer's title and tabs: the README's query examples when the README is there. */
export function explorerOptions(readmePath = join(workspaceRoot(), 'README.md')) {
  const tabs = existsSync(readmePath) ? explorerTabs(readFileSync(readmePath, 'utf8')) : [];
  return {
    title: 'Hundred-Thousand Project policy graph',
    defaultQuery: tabs[0]?.query ?? EXPLORER_DEFAULT_QUERY,
    ...(tabs.length > 0 ? { defaultTabs: tabs } : {}),
  };
}
