import { Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { encodeOffsetCursor } from './pagination';

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

/** Builds a connection from one page of rows fetched with LIMIT/OFFSET. */
export function toConnection<T>(rows: T[], totalCount: number, offset: number): Connection<T> {
  const edges = rows.map((node, i) => ({ cursor: encodeOffsetCursor(offset + i), node }));
  return {
    edges,
    nodes: rows,
    totalCount,
    pageInfo: {
      hasNextPage: offset + rows.length < totalCount,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
