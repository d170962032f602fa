import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { RegionRef } from '@hkp/policy-model';
import { ProgrammeRegion } from '../region.ref';
import { userInputError } from '@hkp/subgraph-kit';
import type { ProgrammeContext } from '../programme.context';
import { AssistancePairing, InspectionRound, KeyFigure, Meeting, Milestone, Programme } from './programme-facts.type';

@Resolver(() => Programme)
export class ProgrammeResolver {
  @Query(() => Programme, {
    nullable: true,
    description: 'The project itself: goals for 2025, 2027 and 2035, key figures, meetings, inspections, assistance.',
  })
  programme(): Programme {
    return Object.assign(new Programme(), { name: '百县千镇万村高质量发展工程', shortName: '百千万工程' });
  }

  @Query(() => [Meeting], { nullable: true, description: 'The timeline of project meetings, oldest first.' })
  async meetings(@Arg('year', () => Int, { nullable: true }) year: number | undefined, @Ctx() ctx: ProgrammeContext): Promise<Meeting[]> {
    if (year !== undefined && year !== null && (year < 1900 || year > 2100))
      throw userInputError('"year" must be a calendar year.', 'year');
    const meetings = await ctx.facts.meetings();
    return year ? meetings.filter((m) => m.date.startsWith(String(year))) : meetings;
  }

  @FieldResolver(() => [Milestone], { description: 'The goals of the provincial decision by year.' })
  milestones(@Ctx() ctx: ProgrammeContext): Promise<Milestone[]> {
    return ctx.facts.milestones();
  }

  @FieldResolver(() => [KeyFigure])
  keyFigures(@Ctx() ctx: ProgrammeContext): Promise<KeyFigure[]> {
    return ctx.facts.keyFigures();
  }

  @FieldResolver(() => [Meeting], { name: 'meetings' })
  timeline(@Ctx() ctx: ProgrammeContext): Promise<Meeting[]> {
    return ctx.facts.meetings();
  }

  @FieldResolver(() => [InspectionRound])
  inspectionRounds(@Ctx() ctx: ProgrammeContext): Promise<InspectionRound[]> {
    return ctx.facts.inspectionRounds();
  }

  @FieldResolver(() => [AssistancePairing])
  assistancePairings(@Ctx() ctx: ProgrammeContext): Promise<AssistancePairing[]> {
    return ctx.facts.assistancePairings();
  }
}

@Resolver(() => ProgrammeRegion)
export class RegionKeyFiguresResolver {
  @FieldResolver(() => [KeyFigure], {
    description:
      'The key figures the articles give about this region itself (not about the regions below it): 广州市 has its 48 work points and 253 tasks.',
  })
  keyFigures(@Root() region: RegionRef, @Ctx() ctx: ProgrammeContext): Promise<KeyFigure[]> {
    return ctx.facts.keyFiguresOf(region.code);
  }
}
