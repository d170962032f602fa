import type { Logger } from 'pino';
import type { AuthInfo } from './auth';
import type { LoaderRegistry } from './loaders';

/** What every resolver of every subgraph receives. */
export interface SubgraphContext {
  requestId: string;
  logger: Logger;
  loaders: LoaderRegistry;
  /** The verified caller (ANONYMOUS without a valid token). */
  auth: AuthInfo;
  /**
   * The caller's Authorization header as received (already verified), for calls a service makes
   * on the caller's behalf (a department's catalog nudge). Never log it.
   */
  authorization?: string;
}
