import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import { ADMIN_SCOPE, writeScopeFor } from '@hkp/auth';
import { scopeAuthChecker, userInputError, type SubgraphContext } from '@hkp/subgraph-kit';
import type { CatalogSync } from './catalog-sync';

export interface CatalogSyncContext extends SubgraphContext {
  /** The catalog's sync of this service (the instance its background loop runs). */
  catalogSync: () => CatalogSync;
}

@Resolver()
export class CatalogSyncResolver {
  /**
   * A department calls this right after it committed a write, so the change is in
   * cross-department search at once rather than at the next poll. Not part of the public graph.
   * It only reads a feed the catalog would read anyway, but each call costs a round of SQL and
   * HTTP, so it needs a token with the feed's write scope (`education:write` for "education"; the
   * department forwards its writer's token) or `admin`.
   */
  @Directive('@inaccessible')
  @Mutation(() => Boolean, {
    name: 'syncCatalog',
    description: "Reads a department's change feed into the catalog now and answers when done (true) or failed (false). Internal: departments call it after a write.",
  })
  async syncCatalog(@Arg('source', () => String) source: string, @Ctx() ctx: CatalogSyncContext): Promise<boolean> {
    const sync = ctx.catalogSync();
    if (!sync.sourceNames().includes(source)) {
      throw userInputError(`"${source}" is not a feed the catalog follows: use one of ${sync.sourceNames().join(', ')}.`, 'source');
    }
    scopeAuthChecker({ context: ctx }, [writeScopeFor(source), ADMIN_SCOPE]);
    try {
      // null: the service is shutting down and did not read the feed (a running replica will).
      return (await sync.drainSource(source)) !== null;
    } catch (error) {
      ctx.logger.warn({ source, err: (error as Error).message }, 'catalog sync on request failed; the loop retries');
      return false;
    }
  }
}
