import { Kind, parse, type ConstValueNode } from 'graphql';

export interface SubgraphEndpoint {
  /** The join__Graph enum value (EDUCATION). */
  graph: string;
  /** The service name given at composition (education). */
  name: string;
  url: string;
}

function stringArg(args: readonly { name: { value: string }; value: ConstValueNode }[] | undefined, name: string): string | undefined {
  const arg = args?.find((a) => a.name.value === name);
  return arg && arg.value.kind === Kind.STRING ? arg.value.value : undefined;
}

/** Reads the subgraphs and their URLs from a supergraph's join__Graph enum. */
export function subgraphEndpoints(supergraphSdl: string): SubgraphEndpoint[] {
  const document = parse(supergraphSdl, { noLocation: true });
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      return (definition.values ?? []).flatMap((value) => {
        const graph = value.directives?.find((d) => d.name.value === 'join__graph');
        const name = stringArg(graph?.arguments, 'name');
        const url = stringArg(graph?.arguments, 'url');
        return name && url ? [{ graph: value.name.value, name, url }] : [];
      });
    }
  }
  return [];
}
