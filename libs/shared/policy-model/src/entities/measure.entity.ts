import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MeasureSource } from '../measure-dataset';

/**
 * A department's own record of one of its measures (the source of truth; the catalog holds a
 * copy it receives through the change feed). The same shape in every department's schema.
 */
@Entity({ name: 'measures' })
export class MeasureEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  /** Optimistic concurrency: every change increments it. */
  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'text' })
  department: string;

  @Column({ name: 'responsible_body', type: 'text' })
  responsibleBody: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'text' })
  level: string;

  @Column({ type: 'text' })
  issuer: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'original_title', type: 'text' })
  originalTitle: string;

  @Column({ type: 'jsonb' })
  points: string[];

  @Column({ name: 'points_normalised', type: 'jsonb' })
  pointsNormalised: string[];

  @Column({ name: 'period_start', type: 'int', nullable: true })
  periodStart: number | null;

  @Column({ name: 'period_end', type: 'int', nullable: true })
  periodEnd: number | null;

  @Column({ name: 'published_on', type: 'text', nullable: true })
  publishedOn: string | null;

  @Column({ name: 'region_codes', type: 'text', array: true })
  regionCodes: string[];

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  source: MeasureSource;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'targets' })
export class TargetEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'measure_id', type: 'text' })
  measureId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  indicator: string;

  @Column({ type: 'double precision' })
  value: number;

  @Column({ type: 'text' })
  unit: string;

  @Column({ type: 'int', nullable: true })
  year: number | null;

  @Column({ type: 'text' })
  comparator: string;

  @Column({ name: 'baseline_value', type: 'double precision', nullable: true })
  baselineValue: number | null;

  @Column({ name: 'baseline_year', type: 'int', nullable: true })
  baselineYear: number | null;

  @Column({ name: 'region_code', type: 'text', nullable: true })
  regionCode: string | null;

  @Column({ type: 'text' })
  excerpt: string;
}

/**
 * The outbox: one row per change, written in the same transaction as the change. `seq` is
 * allocated under a transaction-scoped lock, so rows become visible in `seq` order and a
 * reader that remembers the last `seq` it applied never skips one.
 */
@Entity({ name: 'measure_events' })
export class MeasureEventEntity {
  @PrimaryColumn({ type: 'bigint' })
  seq: string;

  @Column({ name: 'measure_id', type: 'text' })
  measureId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'text' })
  kind: 'UPSERT' | 'ARCHIVE';

  @Column({ type: 'jsonb' })
  snapshot: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A measured value of a target, recorded by the department (recordTargetObservation). */
@Entity({ name: 'target_observations' })
export class TargetObservationEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'target_id', type: 'text' })
  targetId: string;

  @Column({ name: 'measure_id', type: 'text' })
  measureId: string;

  @Column({ type: 'double precision' })
  value: number;

  @Column({ name: 'observed_on', type: 'text' })
  observedOn: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text', nullable: true })
  source: string | null;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
