import { auditDelivery, deliveryHolds, percentile } from './exactly-once';

const change = (measureId: string, version: number) => ({ measureId, version });

describe('auditDelivery', () => {
  it('holds when every published change was applied once', () => {
    const feed = [change('a', 1), change('a', 2), change('b', 1)];
    const audit = auditDelivery(feed, [change('b', 1), change('a', 1), change('a', 2)]);
    expect(audit).toEqual({ published: 3, applied: 3, duplicates: [], missing: [], unexpected: [] });
    expect(deliveryHolds(audit)).toBe(true);
  });

  it('names a change two replicas both applied', () => {
    const audit = auditDelivery([change('a', 1)], [change('a', 1), change('a', 1)]);
    expect(audit.duplicates).toEqual(['a@1 ×2']);
    expect(deliveryHolds(audit)).toBe(false);
  });

  it('names a published change the catalog never applied, and an apply the feed does not hold', () => {
    const audit = auditDelivery([change('a', 1), change('a', 2)], [change('a', 1), change('c', 1)]);
    expect(audit.missing).toEqual(['a@2']);
    expect(audit.unexpected).toEqual(['c@1']);
    expect(deliveryHolds(audit)).toBe(false);
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});
