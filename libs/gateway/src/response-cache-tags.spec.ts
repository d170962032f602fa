import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse } from 'graphql';
import { ANY_CHANGE, tagsOfAnswer, tagsOfChange, writesMeasure } from './response-cache-tags';

// The public API as clients see it (schema/public.graphql), and the full supergraph for mutations.
const root = join(__dirname, '../../..');
const schema = buildSchema(readFileSync(join(root, 'schema/public.graphql'), 'utf8'));

const tags = (query: string, data: Record<string, unknown>, variables?: Record<string, unknown>) =>
  tagsOfAnswer(schema, parse(query), undefined, variables, data).sort();

describe('tagsOfAnswer', () => {
  it('tags nothing for an answer without measure data', () => {
    expect(
      tags('{ region(code: "440600") { code name children { name } } }', { region: { code: '440600', name: '佛山市', children: [] } }),
    ).toEqual([]);
    // A region's funding lines and key figures are not measures either.
    expect(
      tags('{ region(code: "440600") { fundingLines { id measureId } } }', { region: { fundingLines: [{ id: 'f', measureId: 'm' }] } }),
    ).toEqual([]);
  });

  it('tags a measure asked for by id with that id, also when it is not found', () => {
    expect(tags('{ measure(id: "a") { title } }', { measure: { title: 'x' } })).toEqual(['m:a']);
    expect(tags('query($id: ID!) { measure(id: $id) { title } }', { measure: null }, { id: 'b' })).toEqual(['m:b']);
  });

  it('tags the measures an answer holds by their selected id, under any alias or fragment', () => {
    const query = `{ region(code: "440600") { name } measure(id: "a") { ...M } }
      fragment M on PolicyMeasure { key: id ... on EducationMeasure { title } }`;
    expect(tags(query, { region: { name: 'x' }, measure: { key: 'a', title: 't' } })).toEqual(['m:a']);
  });

  it("tags a list of one department's measures with that department, whatever its region or page", () => {
    expect(
      tags('{ educationMeasures(regionCode: "440600", first: 5) { totalCount nodes { title } } }', {
        educationMeasures: { totalCount: 1, nodes: [{ title: 'x' }] },
      }),
    ).toEqual(['l:EDUCATION']);
    expect(
      tags(
        'query($f: MeasureFilter) { measures(filter: $f) { edges { node { id } } } }',
        { measures: { edges: [{ node: { id: 'a' } }] } },
        { f: { department: 'HEALTH', regionCode: '440600' } },
      ),
    ).toEqual(['l:HEALTH']);
    expect(tags('{ measures(filter: { departments: [HEALTH, FINANCE] }) { totalCount } }', { measures: { totalCount: 3 } })).toEqual([
      'l:FINANCE',
      'l:HEALTH',
    ]);
    expect(
      tags('{ region(code: "440600") { healthMeasures(scope: APPLIES) { title } } }', { region: { healthMeasures: [{ title: 'x' }] } }),
    ).toEqual(['l:HEALTH']);
  });

  it('tags a list of every department, or with facets (which count the other departments), as any change', () => {
    expect(tags('{ measures(filter: { q: "学位" }) { nodes { id } } }', { measures: { nodes: [{ id: 'a' }] } })).toEqual([ANY_CHANGE]);
    expect(tags('{ region(code: "440600") { measures { totalCount } } }', { region: { measures: { totalCount: 2 } } })).toEqual([
      ANY_CHANGE,
    ]);
    expect(
      tags('{ measures(first: 0, filter: { department: EDUCATION }) { facets { departments { value count } } } }', {
        measures: { facets: { departments: [] } },
      }),
    ).toEqual([ANY_CHANGE]);
    // No department, or none left once department and departments are both given: not narrowed.
    expect(tags('{ measures(filter: { departments: [] }) { totalCount } }', { measures: { totalCount: 9 } })).toEqual([ANY_CHANGE]);
    expect(
      tags('{ measures(filter: { department: EDUCATION, departments: [HEALTH] }) { totalCount } }', { measures: { totalCount: 0 } }),
    ).toEqual([ANY_CHANGE]);
  });

  it('tags the lists a measure leads to as lists of their own', () => {
    const query = '{ measure(id: "a") { id regions { code transportMeasures { id } } } }';
    expect(tags(query, { measure: { id: 'a', regions: [{ code: '440600', transportMeasures: [] }] } })).toEqual(['l:TRANSPORT', 'm:a']);
  });

  it('tags a measure without its id, and the change feed, as any change', () => {
    const query =
      '{ region(code: "440600") { parent { code } } measures(filter: { department: EDUCATION }) { nodes { regions { code } } } }';
    // Inside a list, its measures are covered by the list's tag.
    expect(tags(query, { region: { parent: { code: '440000' } }, measures: { nodes: [{ regions: [] }] } })).toEqual(['l:EDUCATION']);
    expect(tags('{ measureChanges(after: "0") { seq measureId } }', { measureChanges: [] })).toEqual([ANY_CHANGE]);
    expect(tags('{ measureChangeFeed { latestPosition } }', { measureChangeFeed: { latestPosition: '3' } })).toEqual([ANY_CHANGE]);
  });

  it('skips fields left out of the answer (@include, @skip)', () => {
    const query = 'query($all: Boolean!) { region(code: "440600") { name } measures @include(if: $all) { totalCount } }';
    expect(tags(query, { region: { name: 'x' } }, { all: false })).toEqual([]);
  });
});

describe('tagsOfChange', () => {
  it('evicts the measure, the lists of its department and what any change evicts', () => {
    expect(tagsOfChange({ measureId: 'a', department: 'EDUCATION' }).sort()).toEqual([ANY_CHANGE, 'l:EDUCATION', 'm:a'].sort());
  });
});

describe('writesMeasure', () => {
  const supergraph = buildSchema(
    `type Query { x: Int }
     interface PolicyMeasure { id: ID! }
     type EducationMeasure implements PolicyMeasure { id: ID! }
     type EducationMeasureMutationResult { measure: EducationMeasure! version: Int! }
     type Mutation { createEducationMeasure: EducationMeasureMutationResult! syncCatalog(source: String!): Boolean! }`,
  );
  const fields = supergraph.getMutationType()!.getFields();
  it('knows the writes of a measure (they reach the catalog) from any other mutation', () => {
    expect(writesMeasure(supergraph, fields['createEducationMeasure'])).toBe(true);
    expect(writesMeasure(supergraph, fields['syncCatalog'])).toBe(false);
  });
});
