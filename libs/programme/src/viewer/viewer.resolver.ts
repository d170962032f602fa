import { Authorized, Ctx, Directive, Query, Resolver } from 'type-graphql';
import { isScope, WRITABLE_SERVICES, writeScopeFor } from '@hkp/auth';
import type { SubgraphContext } from '@hkp/subgraph-kit';
import { Internal } from '@hkp/policy-model';
import { Viewer } from './viewer.type';

@Resolver()
export class ViewerResolver {
  /**
   * Any verified token, no scope needed: `@authenticated` states the rule for the gateway (which
   * answers 401 to anonymous callers before planning), `@Authorized()` enforces it here too.
   */
  @Internal()
  @Directive('@authenticated')
  @Authorized()
  @Query(() => Viewer, { nullable: true, description: 'Who the caller is and what it may write, from its token. Needs a token.' })
  viewer(@Ctx() ctx: SubgraphContext): Viewer {
    const scopes = [...ctx.auth.scopes].filter(isScope).sort();
    return {
      subject: ctx.auth.subject ?? '',
      scopes,
      writableDepartments: WRITABLE_SERVICES.filter((service) => scopes.includes(writeScopeFor(service))),
    };
  }
}
