import { Arg, Ctx, Field, ID, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { userInputError, type SubgraphContext } from '@hkp/subgraph-kit';
import type { ProgrammeContext } from '../programme.context';
import { CatalogChange } from '../catalog/measures.resolver';
import type { Department } from '../catalog/policy-measure.type';
import {
  CATALOG_CHANGE_RETENTION,
  parsePosition,
  readCatalogChangeFeedHead,
  type CatalogChangeRecord,
  type SqlRunner,
} from './catalog-change-log';
import type { CatalogChangeStream } from './catalog-change-stream';
import { changeMatcher, MeasureChangeFilter } from './measure-change-filter';

/** What a request needs to read the catalog's changes (added to the programme's context). */
export interface CatalogChangesContext {
  catalogChanges: { stream: CatalogChangeStream; db: SqlRunner };
}

@ObjectType('MeasureChangeFeed', {
  description:
    'The catalog change feed as a whole (measureChanges, measureChanged, /feeds/measures.atom): keep feedId with your position; start from latestPosition to follow from now on.',
})
export class MeasureChangeFeed {
  @Field(() => ID, { description: 'The feed’s identity. Positions belong to it: when it differs from the one you kept, copy again.' })
  feedId: string;

  @Field({ description: 'The position of the latest change ("0" while there is none); pass it as "after" to follow from now on.' })
  latestPosition: string;

  @Field({ description: 'The position of the oldest change kept ("0" while there is none).' })
  oldestPosition: string;

  @Field({ description: 'How long changes are kept.' })
  retention: string;
}

function toCatalogChange(change: CatalogChangeRecord): CatalogChange {
  return Object.assign(new CatalogChange(), {
    seq: change.position,
    measureId: change.measureId,
    department: change.department as Department,
    version: change.version,
    kind: change.kind,
    changedAt: change.changedAt,
  });
}

/** The position a subscription starts after: the one given, or the latest when none (or "now") is. */
async function startPosition(after: string | null | undefined, ctx: CatalogChangesContext): Promise<bigint> {
  const head = await readCatalogChangeFeedHead(ctx.catalogChanges.db);
  const latest = BigInt(head.latestPosition);
  if (after === undefined || after === null || after === 'now') return latest;
  const position = parsePosition(after);
  if (position === null)
    throw userInputError('"after" must be a position from this feed (a seq, a whole number as a string), "0" or "now".', 'after');
  if (position > latest) {
    throw userInputError(
      `"after" is ${after}, past the latest position of this feed (${head.latestPosition}): it is from another feed (see measureChangeFeed.feedId); copy again.`,
      'after',
    );
  }
  return position;
}

@Resolver()
export class MeasureChangedResolver {
  @Subscription(() => CatalogChange, {
    description:
      'Each change to the catalog as it is applied (within a second of the write), oldest first. With "after" (a seq you received, or "0"), the changes after it are sent first, so a client that reconnects with its last seq misses none; without it, changes from now on. Send it with "Accept: text/event-stream" (GraphQL over Server-Sent Events).',
    subscribe: async ({ args, context }) => {
      const ctx = context as CatalogChangesContext;
      const matches = changeMatcher(args['filter'] as MeasureChangeFilter | undefined);
      const after = await startPosition(args['after'] as string | undefined, ctx);
      return ctx.catalogChanges.stream.follow(after, matches);
    },
  })
  measureChanged(
    @Root() change: CatalogChangeRecord,
    @Arg('filter', () => MeasureChangeFilter, { nullable: true }) _filter: MeasureChangeFilter | undefined,
    @Arg('after', () => String, {
      nullable: true,
      description: 'The last seq you received: the changes after it come first. "0" for all, "now" (the default) for new ones only.',
    })
    _after: string | undefined,
    @Ctx() ctx: SubgraphContext,
  ): CatalogChange {
    // One subscription is one request: without this, the measure of a later event would come from the first one's cache.
    ctx.loaders.clear();
    return toCatalogChange(change);
  }

  @Query(() => MeasureChangeFeed, { description: 'The catalog change feed’s id, latest position and retention.' })
  async measureChangeFeed(@Ctx() ctx: ProgrammeContext & CatalogChangesContext): Promise<MeasureChangeFeed> {
    const head = await readCatalogChangeFeedHead(ctx.catalogChanges.db);
    return Object.assign(new MeasureChangeFeed(), { ...head, retention: CATALOG_CHANGE_RETENTION });
  }
}
