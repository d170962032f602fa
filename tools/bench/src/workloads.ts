/** The operations the benchmark sends. Each is one GraphQL document without variables. */
export interface Workload {
  name: string;
  description: string;
  query: string;
  /** Measured again at 10× and 100× data (--scale). */
  scaled: boolean;
  /**
   * A mixed workload: this many writes per second by a department through the gateway
   * (src/writes.ts) while the operation is read anonymously, response cache on ("cached" only).
   */
  writesPerSecond?: number;
}

const SMALL = `query Small { region(code: "440600") { code name areaName } }`;

/** A portal page: 30 measures with their regions, targets, funding and department fields (programme → civil-affairs, finance, education, health, transport). */
const CROSS = (first: number) => `query Cross {
  measures(first: ${first}) {
    totalCount
    nodes {
      id title department level
      period { startYear endYear }
      regions { code name parent { name } }
      targets { indicator value unit year region { name } }
      funding { amount unit year }
      ... on EducationMeasure { stages }
      ... on HealthMeasure { programmes }
      ... on TransportMeasure { modes }
    }
  }
}`;

/**
 * Shaped like the public federation-gateway benchmark: two root lists, entity hops
 * programme → civil-affairs and civil-affairs → programme → civil-affairs / finance, about a
 * thousand Region references of which under a hundred are distinct, about 90 KB of JSON.
 */
const HEAVY = `query Heavy {
  measures(first: 100) {
    nodes {
      id title
      regions { name parent { name children { name } } }
      targets { indicator value region { name } }
      funding { amount unit }
    }
  }
  regions(level: CITY, first: 21) {
    nodes {
      code name
      measures(first: 10) { totalCount nodes { id title regions { code name } funding { amount } } }
      fundingLines { amount unit purpose }
    }
  }
}`;

const SEARCH = (q: string) => `query Search { measures(filter: { q: "${q}" }, first: 20) { totalCount nodes { id title department } } }`;

const ROLLUP = `query Rollup { region(code: "440000") { measures(first: 50) { totalCount nodes { id title } } } }`;

export const WORKLOADS: Workload[] = [
  { name: 'small', description: 'region(code: "440600") { code name areaName }: one subgraph, one entity', query: SMALL, scaled: false },
  {
    name: 'cross',
    description: 'measures(first: 30) with regions, targets, funding and department fields',
    query: CROSS(30),
    scaled: true,
  },
  {
    name: 'heavy',
    description: 'two root lists, 3 entity hops, ~1,000 Region references (<100 distinct), ~90 KB',
    query: HEAVY,
    scaled: false,
  },
  {
    name: 'heavy-with-writes',
    description: 'heavy read anonymously (response cache on) while education changes one of its measures once a second',
    query: HEAVY,
    scaled: false,
    writesPerSecond: 1,
  },
  {
    name: 'search-hans',
    description: 'measures(filter: { q: "城乡区域协调发展" }) (Simplified)',
    query: SEARCH('城乡区域协调发展'),
    scaled: true,
  },
  {
    name: 'search-hant',
    description: 'measures(filter: { q: "城鄉區域協調發展" }) (Traditional)',
    query: SEARCH('城鄉區域協調發展'),
    scaled: true,
  },
  { name: 'rollup', description: 'region(code: "440000") { measures(first: 50) }: the province roll-up', query: ROLLUP, scaled: true },
];

/**
 * The N+1 probes: a page of 1 and a page of 100 must cost every subgraph the same. `cross` is the
 * cross workload's shape; its department fragments (… on EducationMeasure) fetch from a
 * department only when the page holds one of its measures, so `interface` asks only fields of
 * every measure (regions, targets, funding) to compare like with like.
 */
export const PAGE_PROBES: { name: string; query: (first: number) => string }[] = [
  { name: 'cross', query: CROSS },
  {
    name: 'interface fields',
    query: (first) =>
      `query Page { measures(first: ${first}) { nodes { id title regions { code name parent { name } } targets { indicator region { name } } funding { amount } } } }`,
  },
];

/** Operations whose catalog SQL is captured and EXPLAINed. */
export const EXPLAIN_PROBES: { name: string; query: string }[] = [
  { name: 'measures search, q of 3+ characters (trigram-indexable)', query: SEARCH('城乡区域协调发展') },
  { name: 'measures search, q of 2 characters (教育: too short for a trigram)', query: SEARCH('教育') },
  {
    name: 'measures with regionCode (a city)',
    query: `{ measures(filter: { regionCode: "440600" }, first: 20) { totalCount nodes { id title } } }`,
  },
  { name: 'province roll-up region(440000).measures', query: ROLLUP },
  {
    name: 'catalog by-id load (entity references from education)',
    query: `{ educationMeasures(first: 50) { nodes { id title regions { name } } } }`,
  },
];

export function workloadsNamed(names: string[] | undefined): Workload[] {
  if (!names) return WORKLOADS;
  const unknown = names.filter((n) => !WORKLOADS.some((w) => w.name === n));
  if (unknown.length > 0) throw new Error(`Unknown workload ${unknown.join(', ')}. Known: ${WORKLOADS.map((w) => w.name).join(', ')}.`);
  return WORKLOADS.filter((w) => names.includes(w.name));
}
