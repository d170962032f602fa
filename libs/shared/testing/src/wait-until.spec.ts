import { waitUntil } from './wait-until';

describe('waitUntil', () => {
  it('returns once the condition holds', async () => {
    let checks = 0;
    await waitUntil(() => ++checks === 3, 'the third check', { intervalMs: 1 });
    expect(checks).toBe(3);
  });

  it('fails after the timeout, naming what it waited for and the last state seen', async () => {
    let last = 0;
    await expect(
      waitUntil(
        () => ++last < 0,
        () => `a negative count (last: ${last})`,
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(/^Timed out after 30 ms waiting for a negative count \(last: \d+\)\.$/);
  });
});
