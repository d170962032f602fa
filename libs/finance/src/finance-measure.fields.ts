import { z } from 'zod';
import { defineMeasureFields, fields, type CuratedDetails } from '@hkp/policy-model/fields';

// A funding line as curation files give it (data/curation/FORMAT.md); loaded into funding_lines
// by the seed, never written through the API.
const year = z.number().int().min(1949).max(2100);
const fundingLine = z.strictObject({
  regionCode: z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'a division code of 6, 9 or 12 digits'),
  amount: z.number().nonnegative(),
  unit: z.string().trim().min(1),
  year: year.nullable(),
  purpose: z.string().trim().min(1),
  /** Copied character for character from the seed; checked by verify-quotes, never cleaned by hand. */
  excerpt: z.string().min(1),
});
export type CuratedFundingLine = z.infer<typeof fundingLine>;

/** FinanceMeasure's own fields (the common ones come from the PolicyMeasure interface). */
export const financeFields = defineMeasureFields(
  'finance',
  {
    instruments: fields.nameList({
      maxItems: 50,
      maxLength: 100,
      description: 'Instruments it uses: 融资, 贷款, 债券, 税收优惠, 专项资金 …',
    }),
  },
  { curatedOnly: { fundingLines: z.array(fundingLine).optional() } },
);

export type FinanceMeasure = InstanceType<typeof financeFields.MeasureType>;

declare module '@hkp/policy-model/fields' {
  interface CuratedDetailsByDepartment {
    FINANCE: CuratedDetails<typeof financeFields>;
  }
}
