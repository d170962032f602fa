import { defineRegionReference } from '@hkp/policy-model';

/** Region as this subgraph sees it (its key only); civil-affairs resolves the rest. */
export const ProgrammeRegion = defineRegionReference();
