import type { DataSource, EntityManager } from 'typeorm';
import { MeasureEventEntity } from './entities/measure.entity';

/** One page of a department's change feed, with the feed's identity. */
export interface MeasureFeedRead {
  /** The feed's id (measure_feed); a new id means a new outbox whose seq started again at 1. */
  feedId: string;
  /** The highest seq in the outbox ("0" when empty), so a reader can tell its position is past the end. */
  latestSeq: string;
  /** The changes after the position asked for, oldest first. */
  events: MeasureEventEntity[];
}

/** Reads the outbox after `after` (at most `limit` changes) with the feed's id and latest seq. */
export async function readMeasureFeed(db: DataSource | EntityManager, after: string | number, limit: number): Promise<MeasureFeedRead> {
  const [head] = (await db.query(
    `SELECT f.feed_id::text AS feed_id, (SELECT COALESCE(MAX(seq), 0) FROM measure_events)::text AS latest_seq FROM measure_feed f`,
  )) as { feed_id: string; latest_seq: string }[];
  if (!head) throw new Error('measure_feed has no row: the schema was not migrated');
  // A page of 0 is the head alone (TypeORM would read take(0) as no limit at all).
  const events =
    limit === 0
      ? []
      : await db
          .getRepository(MeasureEventEntity)
          .createQueryBuilder('e')
          .where('e.seq > :after', { after: String(after) })
          .orderBy('e.seq', 'ASC')
          .take(limit)
          .getMany();
  return { feedId: head.feed_id, latestSeq: head.latest_seq, events };
}
