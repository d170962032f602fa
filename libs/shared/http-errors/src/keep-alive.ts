import type { Server } from 'node:http';

/**
 * How long a server keeps an idle keep-alive connection open: longer than its clients keep theirs.
 * Node's own default (5 s) is exactly the idle time of Node's global HTTP agent, which the gateway
 * uses to call subgraphs, and 1 s more than `fetch`'s: a request sent on an idle connection at the
 * moment the server closes it fails (ECONNRESET, "other side closed") with nothing wrong. Clients
 * close first when the server waits longer; 65 s also outlasts the 60 s idle timeout of common
 * load balancers, whose requests on a connection the server just closed would end as 502s.
 */
export const SERVER_KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Idle connections outlast their clients' (see SERVER_KEEP_ALIVE_TIMEOUT_MS). */
export function keepIdleConnectionsLongerThanClients(server: Server): void {
  // headersTimeout (60 s) is left as it is: Node applies it only to a request under way, not to an idle connection.
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_TIMEOUT_MS;
}
