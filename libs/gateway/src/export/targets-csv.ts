/** A target as the API returns it under TARGET_FIELDS. */
export interface ExportedTarget {
  id: string;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  comparator: string;
  baseline: { value: number; year: number | null } | null;
  region: { code: string; name: string } | null;
  excerpt: string;
  progress: { latestValue: number; observedOn: string; ratio: number | null } | null;
}

/** A measure as the API returns it under TARGET_FIELDS. */
export interface MeasureWithTargets {
  id: string;
  title: string;
  department: string;
  targets: ExportedTarget[];
}

type Cell = string | number | null | undefined;

/**
 * The columns of targets.csv, in order: one row per target of every listed measure. docs/exports.md
 * describes each; a column is only ever added at the end.
 */
export const TARGET_COLUMNS: readonly { name: string; value: (measure: MeasureWithTargets, target: ExportedTarget) => Cell }[] = [
  { name: 'measure_id', value: (m) => m.id },
  { name: 'measure_title', value: (m) => m.title },
  { name: 'department', value: (m) => m.department },
  { name: 'target_id', value: (_, t) => t.id },
  { name: 'indicator', value: (_, t) => t.indicator },
  { name: 'value', value: (_, t) => t.value },
  { name: 'unit', value: (_, t) => t.unit },
  { name: 'comparator', value: (_, t) => t.comparator },
  { name: 'year', value: (_, t) => t.year },
  { name: 'baseline_value', value: (_, t) => t.baseline?.value },
  { name: 'baseline_year', value: (_, t) => t.baseline?.year },
  { name: 'region_code', value: (_, t) => t.region?.code },
  { name: 'region_name', value: (_, t) => t.region?.name },
  { name: 'progress_latest_value', value: (_, t) => t.progress?.latestValue },
  { name: 'progress_observed_on', value: (_, t) => t.progress?.observedOn },
  { name: 'progress_ratio', value: (_, t) => t.progress?.ratio },
  { name: 'source_excerpt', value: (_, t) => t.excerpt },
];

/** Spreadsheets (Excel above all) read a UTF-8 file as UTF-8 only when it begins with the byte order mark. */
export const UTF8_BOM = '\uFEFF';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, or begins or ends
 * with a space (which some readers trim); quotes doubled. Numbers as JSON writes them; no value
 * is an empty field. Text is never altered otherwise, so a cell holds exactly the API's value.
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? JSON.stringify(value) : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record ending in CRLF, as RFC 4180 asks. */
export function csvRecord(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** The BOM and the header record. */
export function targetsCsvHeader(): string {
  return UTF8_BOM + csvRecord(TARGET_COLUMNS.map((c) => c.name));
}

/** The records of the targets of a page of measures, in the API's order. */
export function targetRecords(measures: readonly MeasureWithTargets[]): string {
  return measures.flatMap((m) => m.targets.map((t) => csvRecord(TARGET_COLUMNS.map((c) => c.value(m, t))))).join('');
}
