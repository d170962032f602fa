import type { DataSource } from 'typeorm';
import { regionReferences } from '@hkp/policy-model';
import { ProgrammeRegion } from '../region.ref';
import { Article } from './article.type';
import { AssistancePairing, FactSource, InspectionRound, KeyFigure, Meeting, Milestone } from './programme-facts.type';

type FactKind = 'article' | 'milestone' | 'keyFigure' | 'meeting' | 'inspectionRound' | 'assistancePairing';
type Data = Record<string, unknown> & { source: FactSource & { article?: string } };

/** Reads programme facts; each list is one small indexed query. One instance per request. */
export class ProgrammeFactsRepository {
  /** The articles, read once per request: every measure's source names one of a handful. */
  private articlesById: Promise<Map<string, Article>> | undefined;

  constructor(private readonly dataSource: DataSource) {}

  async articles(): Promise<Article[]> {
    return [...(await this.articleMap()).values()];
  }

  async article(id: string): Promise<Article | null> {
    return (await this.articleMap()).get(id) ?? null;
  }

  private articleMap(): Promise<Map<string, Article>> {
    this.articlesById ??= this.dataSource
      .query(`SELECT data FROM programme_facts WHERE kind = 'article' ORDER BY position`)
      .then((rows: { data: Article }[]) => new Map(rows.map((r) => [r.data.id, Object.assign(new Article(), r.data)])));
    return this.articlesById;
  }

  private async list(kind: FactKind): Promise<Data[]> {
    const rows: { data: Data }[] = await this.dataSource.query(`SELECT data FROM programme_facts WHERE kind = $1 ORDER BY position`, [
      kind,
    ]);
    return rows.map((r) => ({ ...r.data, source: Object.assign(new FactSource(), r.data.source, { articleId: r.data.source.article }) }));
  }

  async milestones(): Promise<Milestone[]> {
    return (await this.list('milestone')).map((d) => Object.assign(new Milestone(), d));
  }

  async keyFigures(): Promise<KeyFigure[]> {
    return (await this.list('keyFigure')).map((d) =>
      Object.assign(new KeyFigure(), d, {
        region: d['regionCode'] ? regionReferences(ProgrammeRegion, [d['regionCode'] as string])[0] : null,
      }),
    );
  }

  /** The key figures describing one region (not the regions below it), in the order of the data set. */
  async keyFiguresOf(regionCode: string): Promise<KeyFigure[]> {
    return (await this.keyFigures()).filter((f) => f.region?.code === regionCode);
  }

  async meetings(): Promise<Meeting[]> {
    return (await this.list('meeting'))
      .map((d) =>
        Object.assign(new Meeting(), d, {
          region: d['regionCode'] ? regionReferences(ProgrammeRegion, [d['regionCode'] as string])[0] : null,
        }),
      )
      .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  }

  async inspectionRounds(): Promise<InspectionRound[]> {
    return (await this.list('inspectionRound')).map((d) => Object.assign(new InspectionRound(), d));
  }

  async assistancePairings(): Promise<AssistancePairing[]> {
    return (await this.list('assistancePairing')).map((d) =>
      Object.assign(new AssistancePairing(), d, {
        helpedRegions: regionReferences(ProgrammeRegion, (d['helpedRegionCodes'] as string[]) ?? []),
      }),
    );
  }
}
