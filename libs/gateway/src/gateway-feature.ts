import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayConfigSupergraph, GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * One cross-cutting concern of the gateway (authentication, limits, observability), with its
 * own options: what it adds to the Hive runtime's configuration, its plugins, and plain HTTP
 * handling before GraphQL (a body-size check, a /metrics route).
 */
export interface GatewayFeature {
  name: string;
  runtimeOptions?: Partial<GatewayConfigSupergraph>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  plugins?: GatewayPlugin<any>[];
  /** Answers a request itself and returns true, or returns false to let GraphQL handle it. */
  handleHttp?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;
  /** Called once the gateway listens (a listener of the feature's own, e.g. metrics on another port). */
  start?: () => Promise<void>;
  dispose?: () => Promise<void>;
}
