// The departments of the federation, listed once. Ports, scopes, the Department enum, the catalog's
// feeds, lint scopes and the workspace checks derive from this list. No imports: every project may
// read it (eslint.config.js compiles it in memory for the lint scopes).

export interface DepartmentManifestEntry {
  /** The app and lib folder, service name, write scope `<name>:write` and lint tag `scope:<name>`. */
  readonly name: string;
  /** The Department enum value; measure ids of the department start with kebab(code). */
  readonly code: string;
  /** The body that runs the department's measures, as published. */
  readonly body: string;
  /** Its subgraph's port unless `<NAME>_PORT` moves it. */
  readonly port: number;
  /** Its PostgreSQL schema: no other subgraph reads or writes it. */
  readonly databaseSchema: string;
  /** Starts its fields: `educationMeasures`, `educationMeasureChanges` … */
  readonly fieldPrefix: string;
  /** Its measure type, an implementation of PolicyMeasure. */
  readonly typeName: string;
  /** Set where `A measure of <body>.` would not say who runs the measures. */
  readonly typeDescription?: string;
  /** Its usual theme (a MEASURE_CATEGORIES value); null for the office, which holds every theme. */
  readonly theme: string | null;
  /** `office` hosts the catalog and reads its own measures locally; a `department` feeds the catalog. */
  readonly role: 'office' | 'department';
}

/** In the order of the public `Department` enum (changing it changes the schema). */
export const DEPARTMENTS = [
  {
    name: 'programme',
    code: 'PROGRAMME',
    body: '省百千万工程指挥部办公室',
    port: 4001,
    databaseSchema: 'programme',
    fieldPrefix: 'programme',
    typeName: 'ProgrammeMeasure',
    theme: null,
    role: 'office',
  },
  {
    name: 'education',
    code: 'EDUCATION',
    body: '省教育厅',
    port: 4002,
    databaseSchema: 'education',
    fieldPrefix: 'education',
    typeName: 'EducationMeasure',
    theme: 'EDUCATION',
    role: 'department',
  },
  {
    name: 'health',
    code: 'HEALTH',
    body: '省卫生健康委',
    port: 4003,
    databaseSchema: 'health',
    fieldPrefix: 'health',
    typeName: 'HealthMeasure',
    theme: 'HEALTH',
    role: 'department',
  },
  {
    name: 'transport',
    code: 'TRANSPORT',
    body: '省交通运输厅',
    port: 4004,
    databaseSchema: 'transport',
    fieldPrefix: 'transport',
    typeName: 'TransportMeasure',
    theme: 'TRANSPORT',
    role: 'department',
  },
  {
    name: 'finance',
    code: 'FINANCE',
    body: '省财政厅',
    port: 4005,
    databaseSchema: 'finance',
    fieldPrefix: 'finance',
    typeName: 'FinanceMeasure',
    // Its measures come from the central bank's and the tax bureau's branches too.
    typeDescription: 'A measure of the finance, financial-regulation and tax authorities.',
    theme: 'FINANCE',
    role: 'department',
  },
  {
    name: 'civil-affairs',
    code: 'CIVIL_AFFAIRS',
    body: '省民政厅',
    port: 4006,
    databaseSchema: 'civil_affairs',
    fieldPrefix: 'civilAffairs',
    typeName: 'CivilAffairsMeasure',
    theme: 'SOCIAL_ASSISTANCE',
    role: 'department',
  },
] as const satisfies readonly DepartmentManifestEntry[];

export type DepartmentEntry = (typeof DEPARTMENTS)[number] & DepartmentManifestEntry;
export type DepartmentName = DepartmentEntry['name'];
export type DepartmentCode = DepartmentEntry['code'];
/** A department that feeds the office's catalog through its change feed. */
export type FeedingDepartment = Extract<DepartmentEntry, { role: 'department' }>;
export type FeedingDepartmentName = FeedingDepartment['name'];

export const DEPARTMENT_NAMES: readonly DepartmentName[] = DEPARTMENTS.map((d) => d.name);
export const DEPARTMENT_CODES: readonly DepartmentCode[] = DEPARTMENTS.map((d) => d.code);

/** Every department but the office, in manifest order. */
export const FEEDING_DEPARTMENTS: readonly FeedingDepartment[] = DEPARTMENTS.filter((d): d is FeedingDepartment => d.role === 'department');

/** Owns Region (民政 owns 区划), which every other subgraph extends: it starts first. */
const REGION_OWNER: DepartmentName = 'civil-affairs';

/** The order subgraphs start in: the region owner, then the manifest's order. */
export const SUBGRAPH_START_ORDER: readonly DepartmentName[] = [REGION_OWNER, ...DEPARTMENT_NAMES.filter((name) => name !== REGION_OWNER)];

export function departmentByName<N extends DepartmentName>(name: N): Extract<DepartmentEntry, { name: N }> {
  const entry = DEPARTMENTS.find((d) => d.name === name);
  if (!entry) throw new Error(`No department "${name}"; departments: ${DEPARTMENT_NAMES.join(', ')}.`);
  return entry as Extract<DepartmentEntry, { name: N }>;
}

export function departmentByCode<C extends DepartmentCode>(code: C): Extract<DepartmentEntry, { code: C }> {
  const entry = DEPARTMENTS.find((d) => d.code === code);
  if (!entry) throw new Error(`No department with code "${code}"; codes: ${DEPARTMENT_CODES.join(', ')}.`);
  return entry as Extract<DepartmentEntry, { code: C }>;
}

/** `civil-affairs` → `CIVIL_AFFAIRS`, the prefix of a service's own variables (`CIVIL_AFFAIRS_PORT` …). */
export function envPrefixOf(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** `education` → `education:write`, the scope a department's mutations require. */
export function writeScopeOf<N extends DepartmentName>(name: N): `${N}:write` {
  return `${name}:write`;
}
