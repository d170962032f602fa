import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

/** A small subgraph's SDL as first released: notices of the programme office. */
export const NOTICES_V1 = `${LINK}\ntype Query {\n  notice: String\n}\n`;
/** The same subgraph's next release: one nullable field added. */
export const NOTICES_V2 = `${LINK}\ntype Query {\n  notice: String\n  noticeCount: Int\n}\n`;

export interface ReleaseSubgraph {
  url: string;
  stop(): Promise<void>;
}

/**
 * The notices subgraph, already running its next release (NOTICES_V2): a department deploys its
 * service first, then the supergraph that names the new field.
 */
export async function startNoticesSubgraph(): Promise<ReleaseSubgraph> {
  const schema = buildSubgraphSchema({
    typeDefs: parse(NOTICES_V2),
    resolvers: { Query: { notice: () => '百县千镇万村高质量发展工程', noticeCount: () => 7 } },
  });
  const yoga = createYoga({ schema, logging: false, graphqlEndpoint: '/graphql' });
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
