import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Money the documents give for a measure in a region (e.g. 1万亿元 of financing, 2023). */
@Entity({ name: 'funding_lines' })
export class FundingLineEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'measure_id', type: 'text' })
  measureId: string;

  @Column({ name: 'region_code', type: 'text' })
  regionCode: string;

  @Column({ type: 'double precision' })
  amount: number;

  @Column({ type: 'text' })
  unit: string;

  @Column({ type: 'int', nullable: true })
  year: number | null;

  @Column({ type: 'text' })
  purpose: string;

  @Column({ type: 'text' })
  excerpt: string;
}
