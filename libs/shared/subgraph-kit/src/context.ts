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
}
