import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import { ADMIN_SCOPE, SCOPES, writeScopeFor } from '@hkp/auth';
import { GraphQLError } from 'graphql';
import { ErrorCode, scopeAuthChecker, userInputError, type SubgraphContext } from '@hkp/subgraph-kit';
import { Internal } from '@hkp/policy-model';
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
   * department forwards its writer's token) or `admin`. The scope is checked before the feed's
   * name, so a caller with no write scope is not told which feeds there are.
   */
  @Internal()
  @Directive('@inaccessible')
  @Mutation(() => Boolean, {
    name: 'syncCatalog',
    description:
      "Reads a department's change feed into the catalog now and answers when done (true) or failed (false). Internal: departments call it after a write.",
  })
  async syncCatalog(@Arg('source', () => String) source: string, @Ctx() ctx: CatalogSyncContext): Promise<boolean> {
    // Scope first: only callers who could sync some feed learn which feeds there are.
    scopeAuthChecker({ context: ctx }, []); // a token at all (UNAUTHENTICATED otherwise)
    if (!SCOPES.some((scope) => ctx.auth?.scopes.has(scope))) {
      throw new GraphQLError('syncCatalog needs a department write scope or admin.', { extensions: { code: ErrorCode.FORBIDDEN } });
    }
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
