import {
  getNamedType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/**
 * What every line of measures.ndjson holds, whatever department owns the measure: the fields of
 * the API's PolicyMeasure interface, in this order (docs/exports.md documents each). Deprecated
 * fields (Provenance.document, documentTitle) and target observations (progress gives the latest)
 * are left out.
 */
export const MEASURE_FIELDS = `__typename id title originalTitle department responsibleBody category level issuer
      period { startYear endYear }
      publishedOn
      regions { code name }
      points
      targets {
        id indicator value unit year comparator
        baseline { value year }
        region { code name }
        excerpt
        progress { latestValue observedOn ratio }
      }
      source { excerpt excerptSimplified headline label publisher article { id } }
      version updatedAt archived
      funding { id amount unit year purpose region { code name } excerpt }`;

/** What targets.csv is made of: each measure's targets with the measure's id, title and department. */
export const TARGET_FIELDS = `id title department
      targets {
        id indicator value unit year comparator
        baseline { value year }
        region { code name }
        excerpt
        progress { latestValue observedOn ratio }
      }`;

const AUTH_DIRECTIVES = new Set(['authenticated', 'requiresScopes', 'policy']);

/** A field an anonymous export may select with no arguments: not deprecated, no required argument, no token needed. */
function selectable(field: GraphQLField<unknown, unknown>): boolean {
  if (field.deprecationReason) return false;
  if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) return false;
  return !field.astNode?.directives?.some((d) => AUTH_DIRECTIVES.has(d.name.value));
}

/** A department type's own field: a leaf as it is, an object type by its own leaves; nothing for anything else. */
function selectionOf(field: GraphQLField<unknown, unknown>): string | undefined {
  if (!selectable(field)) return undefined;
  const type = getNamedType(field.type);
  if (isLeafType(type)) return field.name;
  if (!isObjectType(type)) return undefined;
  const leaves = Object.values(type.getFields())
    .filter((f) => selectable(f) && isLeafType(getNamedType(f.type)))
    .map((f) => f.name);
  return leaves.length > 0 ? `${field.name} { ${leaves.join(' ')} }` : undefined;
}

/**
 * One inline fragment per type implementing PolicyMeasure in the served schema, with the fields
 * that type adds to the interface (EducationMeasure's stages, HealthMeasure's structure …): a
 * department that adds a field, or a new department, appears in the export with the supergraph
 * that brings it, and nothing the schema does not serve is asked for.
 */
export function departmentFragments(schema: GraphQLSchema): string {
  const measure = schema.getType('PolicyMeasure');
  if (!measure || !isInterfaceType(measure)) return '';
  const shared = new Set(Object.keys(measure.getFields()));
  return [...schema.getPossibleTypes(measure)]
    .sort((a: GraphQLObjectType, b: GraphQLObjectType) => a.name.localeCompare(b.name))
    .map((type) => {
      const own = Object.values(type.getFields())
        .filter((field) => !shared.has(field.name))
        .map(selectionOf)
        .filter((s): s is string => s !== undefined);
      return own.length > 0 ? `... on ${type.name} { ${own.join(' ')} }` : '';
    })
    .filter(Boolean)
    .join('\n      ');
}

/** One page of the public `measures` list, as a client pages it: `first` and the previous page's endCursor. */
export function measuresPageDocument(operationName: string, nodeSelection: string): string {
  return `query ${operationName}($first: Int!, $after: String) {
  measures(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      ${nodeSelection}
    }
  }
}`;
}

/** The catalog change feed's id and latest position, and the changes after a position: what the exports' validators are made of. */
export const CATALOG_POSITION_DOCUMENT = `query ExportCatalogPosition($after: String!, $first: Int!) {
  measureChangeFeed { feedId latestPosition }
  measureChanges(after: $after, first: $first) { seq measureId version changedAt }
}`;
