import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@hkp/util-env';
import type { GeneratedMeasure } from './measure-dataset';

export * from './measure-dataset';

export const MEASURES_DATASET_PATH = join(workspaceRoot(), 'data', 'generated', 'measures.json');

export function readGeneratedMeasures(path = MEASURES_DATASET_PATH): GeneratedMeasure[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { measures: GeneratedMeasure[] }).measures;
}
