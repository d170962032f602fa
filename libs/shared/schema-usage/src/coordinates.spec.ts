import { buildSchema, parse } from 'graphql';
import { coordinatesOf } from './coordinates';

const schema = buildSchema(`
  type Query { region(code: String!): Region, regions(filter: RegionFilter): [Region!]! }
  type Region { name: String!, areaName: String @deprecated(reason: "Use area."), area: Area }
  enum Area { PEARL_RIVER_DELTA EAST WEST NORTH }
  input RegionFilter { area: Area, nameContains: String }
`);

it('names every field, argument, input field, enum value and type an operation selects', () => {
  const document = parse(`
    query Cards($code: String!) {
      region(code: $code) { name ...Area }
      regions(filter: { area: EAST }) { areaName }
    }
    fragment Area on Region { area }
  `);
  expect([...coordinatesOf(document, schema)].sort()).toEqual(
    [
      'Query',
      'Query.region',
      'Query.region.code',
      'String',
      'Region',
      'Region.name',
      'Region.area',
      'Area',
      'Query.regions',
      'Query.regions.filter',
      'RegionFilter',
      'RegionFilter.area',
      'Area.EAST',
      'Region.areaName',
    ].sort(),
  );
});
