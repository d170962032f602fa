import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, buildSchema, parse, validate } from 'graphql';
import { workspaceRoot } from '@hkp/util-env';
import { LIMIT_DEFAULTS } from '../gateway-limits';
import { ASSUMED_LIST_SIZES, estimateQueryCost } from '../query-cost';
import { EXPORT_DEFAULTS } from './export-config';
import { CATALOG_POSITION_DOCUMENT, departmentFragments, MEASURE_FIELDS, measuresPageDocument, TARGET_FIELDS } from './export-documents';

const read = (file: string) => readFileSync(join(workspaceRoot(), file), 'utf8');
const supergraph = buildASTSchema(parse(read('supergraph.graphql')), { assumeValidSDL: true });
const publicSchema = buildSchema(read('schema/public.graphql'));

const measuresDocument = (schema = supergraph) =>
  measuresPageDocument('ExportMeasures', `${MEASURE_FIELDS}\n${departmentFragments(schema)}`);
const targetsDocument = measuresPageDocument('ExportTargets', TARGET_FIELDS);

describe('export documents', () => {
  it("select each department type's own fields, as docs/exports.md lists them", () => {
    expect(
      departmentFragments(supergraph)
        .split('\n')
        .map((line) => line.trim()),
    ).toEqual([
      '... on CivilAffairsMeasure { beneficiaries }',
      '... on EducationMeasure { stages pairedInstitutions pairedCounties }',
      '... on FinanceMeasure { instruments }',
      '... on HealthMeasure { structure { overallGoals projects subProjects } programmes }',
      '... on ProgrammeMeasure { leadDepartment }',
      '... on TransportMeasure { modes }',
    ]);
  });

  it('leave out fields that need a token or arguments, and deprecated ones', () => {
    const schema = buildSchema(`
      directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION
      type Query { measures(first: Int, after: String): Connection! }
      type Connection { nodes: [PolicyMeasure!]! }
      interface PolicyMeasure { id: ID! }
      type EducationMeasure implements PolicyMeasure {
        id: ID!
        stages: [String!]
        auditTrail: [String!] @requiresScopes(scopes: [["admin"]])
        schools(first: Int!): [String!]
        oldStages: [String!] @deprecated(reason: "stages")
        partner: Partner
      }
      type Partner { name: String! secret: String @requiresScopes(scopes: [["admin"]]) parent: Partner }
    `);
    expect(departmentFragments(schema)).toBe('... on EducationMeasure { stages partner { name } }');
  });

  it('are valid against the public contract, so the export works on a gateway serving it', () => {
    expect(validate(publicSchema, parse(measuresDocument(publicSchema)))).toEqual([]);
    expect(validate(publicSchema, parse(targetsDocument))).toEqual([]);
    // The validators' read: the change feed's head and its latest change.
    expect(validate(publicSchema, parse(CATALOG_POSITION_DOCUMENT))).toEqual([]);
    expect(validate(supergraph, parse(CATALOG_POSITION_DOCUMENT))).toEqual([]);
    // The same fields (the contract's schema lists them in another order).
    const words = (text: string) => new Set(text.split(/\s+/));
    expect(words(departmentFragments(publicSchema))).toEqual(words(departmentFragments(supergraph)));
  });

  it.each([
    ['measures', measuresDocument()],
    ['targets', targetsDocument],
  ])('a %s page at the default page size and at 60 fits the default cost limit', (_, document) => {
    // 60: room for the cost model to grow before the default page size stops fitting.
    for (const first of [EXPORT_DEFAULTS.pageSize, 60]) {
      const cost = estimateQueryCost(
        supergraph,
        parse(document),
        undefined,
        { first, after: null },
        {
          listSize: LIMIT_DEFAULTS.costListSize,
          listSizes: ASSUMED_LIST_SIZES,
        },
      );
      expect({ first, cost, fits: cost <= LIMIT_DEFAULTS.maxCost }).toMatchObject({ first, fits: true });
    }
  });
});
