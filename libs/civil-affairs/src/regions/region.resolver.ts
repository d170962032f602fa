import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { assertKnownRegionCode, assertRegionCode, CONNECTION_FIRST } from '@hkp/policy-model';
import { ConnectionType, pageWindow, toConnection, userInputError } from '@hkp/subgraph-kit';
import type { CivilAffairsContext } from '../civil-affairs.context';
import { regionNameKey } from './region-name-key';
import { regionSortShape } from './region.repository';
import { AREA_NAME, Region, RegionArea, RegionLevel } from './region.type';

export const RegionConnection = ConnectionType(() => Region, 'Region');

@ArgsType()
class RegionsArgs {
  @Field(() => RegionLevel, { nullable: true })
  level?: RegionLevel;

  @Field(() => ID, { nullable: true, description: 'Only the direct children of this region.' })
  parentCode?: string;

  @Field(() => ID, { nullable: true, description: 'Only regions anywhere below this region.' })
  withinCode?: string;

  @Field(() => RegionArea, { nullable: true })
  area?: RegionArea;

  @Field({
    nullable: true,
    description:
      'Name contains this text, in Simplified or Traditional (南海, 南海區), in pinyin without tones (foshan, fo shan) or as initials (fss); exact matches come first.',
  })
  name?: string;

  @Field(() => Int, CONNECTION_FIRST)
  first?: number;

  @Field({ nullable: true, description: 'The endCursor of the previous page.' })
  after?: string;
}

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => Region, { nullable: true, description: 'A region by its division code; null when no region has that code.' })
  region(@Arg('code', () => ID) code: string, @Ctx() ctx: CivilAffairsContext): Promise<Region | null> {
    assertRegionCode(code.trim(), 'code');
    return ctx.regions.byCode(code.trim());
  }

  @Query(() => RegionConnection, { nullable: true, description: 'Regions by level, parent, ancestor, area or name, a page at a time.' })
  async regions(@Args() args: RegionsArgs, @Ctx() ctx: CivilAffairsContext) {
    if (args.parentCode) assertKnownRegionCode(args.parentCode, 'parentCode');
    if (args.withinCode) assertKnownRegionCode(args.withinCode, 'withinCode');
    const nameKey = args.name === undefined || args.name === null ? undefined : regionNameKey(args.name);
    if (nameKey === '') throw userInputError('"name" must not be empty.', 'name');
    const window = pageWindow(args.first, args.after, regionSortShape(nameKey !== undefined));
    const { rows, keys, totalCount } = await ctx.regions.list({
      level: args.level,
      parentCode: args.parentCode,
      withinCode: args.withinCode,
      area: args.area ? AREA_NAME[args.area] : null,
      nameKey,
      limit: window.limit + 1,
      after: window.after,
    });
    return toConnection(rows, totalCount, window, (_, i) => keys[i]!);
  }

  @Query(() => [Region], { nullable: true, description: 'Several regions by code, in the order asked; unknown codes are left out.' })
  async regionsByCodes(@Arg('codes', () => [ID]) codes: string[], @Ctx() ctx: CivilAffairsContext): Promise<Region[]> {
    if (codes.length > 500) throw userInputError('Ask for at most 500 codes at once.', 'codes');
    codes.forEach((code) => assertRegionCode(code, 'codes'));
    return (await ctx.regions.byCodes(codes)).filter((r): r is Region => r !== null);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The region directly above; null for the province.' })
  parent(@Root() region: Region, @Ctx() ctx: CivilAffairsContext): Promise<Region | null> | null {
    return region.parentCode ? ctx.regions.byCode(region.parentCode) : null;
  }

  @FieldResolver(() => [Region], { description: 'The regions directly below, in code order (a town has up to a few dozen villages).' })
  children(@Root() region: Region, @Ctx() ctx: CivilAffairsContext): Promise<Region[]> {
    return ctx.regions.childrenOf(region.code);
  }

  @FieldResolver(() => [Region], { description: 'From the province down to the parent.' })
  async ancestors(@Root() region: Region, @Ctx() ctx: CivilAffairsContext): Promise<Region[]> {
    return (await ctx.regions.byCodes(region.ancestorCodes)).filter((r): r is Region => r !== null);
  }

  @FieldResolver(() => String, { description: 'Names from the province down, e.g. 广东省 佛山市 南海区.' })
  async fullName(@Root() region: Region, @Ctx() ctx: CivilAffairsContext): Promise<string> {
    const ancestors = await ctx.regions.byCodes(region.ancestorCodes);
    return [...ancestors.map((a) => a?.name ?? ''), region.name].filter(Boolean).join(' ');
  }
}
