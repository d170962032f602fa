// Reads and edits the department manifest (libs/shared/departments/src/departments.ts) as source
// text through the TypeScript parser: the entry is appended where the list ends, so the rest of
// the file, its comments and its order stay exactly as they were.
import ts from 'typescript';

/** One entry of DEPARTMENTS, as written in the manifest. */
export interface ManifestEntry {
  name: string;
  code: string;
  body: string;
  port: number;
  databaseSchema: string;
  fieldPrefix: string;
  typeName: string;
  typeDescription?: string;
  theme: string | null;
  role: 'office' | 'department';
}

function parse(source: string, fileName: string): ts.SourceFile {
  return ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

/** The initializer of `const <name> = …`, through `as const` and `satisfies …`. */
function initializerOf(file: ts.SourceFile, name: string): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node) => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer) {
      found = node.initializer;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let expression = found;
  while (
    expression &&
    (ts.isSatisfiesExpression(expression) || ts.isAsExpression(expression) || ts.isParenthesizedExpression(expression))
  ) {
    expression = expression.expression;
  }
  return expression;
}

function arrayLiteral(file: ts.SourceFile, name: string, fileName: string): ts.ArrayLiteralExpression {
  const expression = initializerOf(file, name);
  if (!expression || !ts.isArrayLiteralExpression(expression)) {
    throw new Error(`${fileName} has no array literal "${name}"; the department generator reads and extends it.`);
  }
  return expression;
}

function literalValue(expression: ts.Expression, where: string): string | number | null {
  if (ts.isStringLiteralLike(expression)) return expression.text;
  if (ts.isNumericLiteral(expression)) return Number(expression.text);
  if (expression.kind === ts.SyntaxKind.NullKeyword) return null;
  throw new Error(`${where} is not a literal; the department generator reads the manifest's entries as literals.`);
}

/** Every entry of DEPARTMENTS in the manifest's source. */
export function readManifest(source: string, fileName = 'departments.ts'): ManifestEntry[] {
  const list = arrayLiteral(parse(source, fileName), 'DEPARTMENTS', fileName);
  return list.elements.map((element, index) => {
    if (!ts.isObjectLiteralExpression(element)) throw new Error(`${fileName}: DEPARTMENTS[${index}] is not an object literal.`);
    const entry: Record<string, string | number | null> = {};
    for (const property of element.properties) {
      if (!ts.isPropertyAssignment(property)) continue;
      const key = property.name.getText();
      entry[key] = literalValue(property.initializer, `${fileName}: DEPARTMENTS[${index}].${key}`);
    }
    return entry as unknown as ManifestEntry;
  });
}

/** The string values of a `const <name> = ['…', …] as const` list (MEASURE_CATEGORIES). */
export function readStringList(source: string, name: string, fileName: string): string[] {
  return arrayLiteral(parse(source, fileName), name, fileName).elements.map((element, index) => {
    if (!ts.isStringLiteralLike(element)) throw new Error(`${fileName}: ${name}[${index}] is not a string literal.`);
    return element.text;
  });
}

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function entrySource(entry: ManifestEntry): string {
  const lines = [
    `name: ${quote(entry.name)}`,
    `code: ${quote(entry.code)}`,
    `body: ${quote(entry.body)}`,
    `port: ${entry.port}`,
    `databaseSchema: ${quote(entry.databaseSchema)}`,
    `fieldPrefix: ${quote(entry.fieldPrefix)}`,
    `typeName: ${quote(entry.typeName)}`,
    ...(entry.typeDescription === undefined ? [] : [`typeDescription: ${quote(entry.typeDescription)}`]),
    `theme: ${entry.theme === null ? 'null' : quote(entry.theme)}`,
    `role: ${quote(entry.role)}`,
  ];
  return `{\n    ${lines.join(',\n    ')},\n  }`;
}

/** The manifest's source with `entry` appended to DEPARTMENTS (last: the Department enum grows at its end). */
export function appendManifestEntry(source: string, entry: ManifestEntry, fileName = 'departments.ts'): string {
  const list = arrayLiteral(parse(source, fileName), 'DEPARTMENTS', fileName);
  const last = list.elements[list.elements.length - 1];
  if (!last) return `${source.slice(0, list.getStart() + 1)}\n  ${entrySource(entry)},\n${source.slice(list.getEnd() - 1)}`;
  // After the last entry and its comma, before the comments and the closing bracket.
  const comma = list.elements.hasTrailingComma ? source.indexOf(',', last.getEnd()) + 1 : last.getEnd();
  const insert = `${list.elements.hasTrailingComma ? '' : ','}\n  ${entrySource(entry)},`;
  return source.slice(0, comma) + insert + source.slice(comma);
}
