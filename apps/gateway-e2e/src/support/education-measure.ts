/**
 * A city-level education measure of 佛山市 with its required fields, as a partner writes it, and
 * `extra` fields (targets, stages…) over them.
 */
export function foshanEducationMeasure(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title,
    level: 'CITY',
    issuer: '佛山市教育局',
    responsibleBody: '省教育厅',
    category: 'EDUCATION',
    regionCodes: ['440600'],
    ...extra,
  };
}
