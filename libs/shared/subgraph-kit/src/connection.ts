import { Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { encodeCursor, type PageWindow, type SortKey } from './pagination';

// Every subgraph returns pages; the type is the same everywhere, so it is shareable.
@Directive('@shareable')
@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A Relay connection type for `T`, named `${name}Connection` with `${name}Edge` edges. */
export function ConnectionType<T extends object>(node: () => ClassType<T> | (abstract new () => T), name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(node)
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items, with cursors for the next page.` })
  class ConnectionClass implements Connection<T> {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => [node()], { description: 'The nodes of the edges, for clients that do not need cursors.' })
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'How many items match, over all pages.' })
    totalCount: number;
  }
  return ConnectionClass;
}

/**
 * Builds a connection from the rows fetched for a window: up to `limit + 1` of them, sorted; the
 * extra row, left out of the page, says there is a next one. `keyOf` gives a row's sort key, which
 * its cursor holds.
 */
export function toConnection<T>(
  rows: T[],
  totalCount: number,
  window: PageWindow,
  keyOf: (row: T, index: number) => SortKey,
): Connection<T> {
  const nodes = rows.slice(0, window.limit);
  const edges = nodes.map((node, i) => ({ cursor: encodeCursor(keyOf(node, i)), node }));
  return {
    edges,
    nodes,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > window.limit,
      hasPreviousPage: window.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
