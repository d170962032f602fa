import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Kind, parse, print, visit, type ASTNode, type DocumentNode } from 'graphql';

/** An operation a client is known to send, and where we know it from. */
export interface KnownOperation {
  /** The operation's name, or `(anonymous)`. */
  name: string;
  /** Who sends it: a client name from a usage report or manifest, or `repository` for our own examples and tests. */
  client: string;
  /** Where it was found: `README.md:89`, `persisted-documents.json#<id>`, a usage report. */
  source: string;
  document: DocumentNode;
  /** For an operation from a usage report: the end of the latest report that counted it (ISO). */
  lastSeen?: string;
  /** For an operation from usage reports: how many times they counted it. */
  count?: number;
}

/**
 * Where the repository's own operations live: the README's and docs' ```graphql blocks, the
 * end-to-end tests, the benchmark's workloads and the examples. They are what portal developers
 * copy, so a change that breaks them breaks clients.
 */
const REPOSITORY_SOURCES = ['README.md', 'docs', 'apps', 'tools/bench/src', 'examples'];
/** Persisted-document manifests (`{ "<id>": "<query>" }`) live here, next to usage reports (usage-reports.ts). */
const USAGE_DIR = join('schema', 'usage');

function filesUnder(root: string, path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) =>
    entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : filesUnder(root, join(path, entry.name)),
  );
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** GraphQL documents written in a file: ```graphql blocks in Markdown; template literals and strings that parse as operations in code. */
function documentsIn(text: string, markdown: boolean): { text: string; line: number }[] {
  const found: { text: string; line: number }[] = [];
  const patterns = markdown
    ? [/```graphql\n([\s\S]*?)```/g]
    : [
        /`(\s*(?:query|mutation|subscription|\{)[\s\S]*?)`/g,
        /'(\s*(?:query|mutation|subscription|\{)[^'\n]*)'/g,
        /"(\s*(?:query|mutation|subscription|\{)[^"\n]*)"/g,
      ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      // Interpolations (`${first}`) stand for values: a literal keeps the document parseable.
      found.push({ text: match[1]!.replace(/\$\{[^}]*\}/g, '1'), line: lineOf(text, match.index!) });
    }
  }
  return found;
}

function operationsOf(document: DocumentNode): string[] {
  return document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value ?? '(anonymous)'] : []));
}

function tryParse(text: string): DocumentNode | null {
  try {
    const document = parse(text, { noLocation: true });
    return operationsOf(document).length > 0 ? document : null;
  } catch {
    return null;
  }
}

/** The operations of the repository's docs, tests, benchmark and examples. */
export function repositoryOperations(root: string): KnownOperation[] {
  const operations: KnownOperation[] = [];
  for (const file of REPOSITORY_SOURCES.flatMap((path) => filesUnder(root, path))) {
    const markdown = file.endsWith('.md');
    if (!markdown && !/\.(ts|tsx|js|graphql)$/.test(file)) continue;
    const text = readFileSync(file, 'utf8');
    const blocks = file.endsWith('.graphql') ? [{ text, line: 1 }] : documentsIn(text, markdown);
    for (const block of blocks) {
      const document = tryParse(block.text);
      if (!document) continue;
      for (const name of operationsOf(document)) {
        operations.push({ name, client: 'repository', source: `${relative(root, file)}:${block.line}`, document });
      }
    }
  }
  return operations;
}

/**
 * Persisted-document manifests in schema/usage/: `<client>.persisted.json` holds
 * `{ "<id>": "<query>" }`, the documents a client build ships (the portal's, a partner's).
 */
export function persistedOperations(root: string): KnownOperation[] {
  const operations: KnownOperation[] = [];
  for (const file of filesUnder(root, USAGE_DIR).filter((f) => f.endsWith('.persisted.json'))) {
    const client = file
      .split('/')
      .pop()!
      .replace(/\.persisted\.json$/, '');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    for (const [id, query] of Object.entries(manifest)) {
      const document = tryParse(query);
      if (!document) throw new Error(`${relative(root, file)}: the document "${id}" is not a GraphQL operation.`);
      for (const name of operationsOf(document)) operations.push({ name, client, source: `${relative(root, file)}#${id}`, document });
    }
  }
  return operations;
}

const byName = <T extends { name: { value: string } }>(a: T, b: T) => a.name.value.localeCompare(b.name.value);
const byPrint = (a: ASTNode, b: ASTNode) => print(a).localeCompare(print(b));

/**
 * A document as two writings of it print alike: the selections, arguments, variables, input
 * fields and definitions sorted, printed by graphql-js. A client build's manifest holds its
 * documents sorted and reprinted (the client preset's persisted documents), the sources as written.
 */
export function canonicalDocument(document: DocumentNode): string {
  const sorted = visit(document, {
    // Children are sorted before their parents (leave), so each sort compares sorted prints.
    SelectionSet: { leave: (node) => ({ ...node, selections: [...node.selections].sort(byPrint) }) },
    Field: { leave: (node) => ({ ...node, arguments: [...(node.arguments ?? [])].sort(byName) }) },
    Directive: { leave: (node) => ({ ...node, arguments: [...(node.arguments ?? [])].sort(byName) }) },
    ObjectValue: { leave: (node) => ({ ...node, fields: [...node.fields].sort(byName) }) },
    OperationDefinition: {
      leave: (node) => ({
        ...node,
        variableDefinitions: [...(node.variableDefinitions ?? [])].sort((a, b) => byName(a.variable, b.variable)),
      }),
    },
    Document: { leave: (node) => ({ ...node, definitions: [...node.definitions].sort(byPrint) }) },
  });
  return print(sorted);
}

/**
 * Every operation clients are known to send, each once. An operation of the repository that a
 * client's manifest holds as well (the portal's src/operations.tsx, from which its build writes
 * schema/usage/portal.persisted.json) is that client's, counted under it only; one the manifest
 * does not hold (an operation edited since the last build) is counted as the repository's.
 */
export function knownOperations(root: string): KnownOperation[] {
  const persisted = persistedOperations(root);
  const shipped = new Set(persisted.map((operation) => canonicalDocument(operation.document)));
  const repository = repositoryOperations(root).filter((operation) => !shipped.has(canonicalDocument(operation.document)));
  return [...persisted, ...repository];
}
