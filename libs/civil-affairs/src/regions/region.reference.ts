import type { CivilAffairsContext } from '../civil-affairs.context';
import type { Region } from './region.type';

/** Other subgraphs send `{ code }`; DataLoader turns all of a fetch's references into one query. */
export const regionReference = {
  __resolveReference(reference: { code: string }, ctx: CivilAffairsContext): Promise<Region | null> {
    return ctx.regions.byCode(reference.code);
  },
};
