import { overrideProcessEnv } from './process-env';

describe('overrideProcessEnv', () => {
  const SET = 'HKP_TEST_OVERRIDE_SET';
  const REMOVED = 'HKP_TEST_OVERRIDE_REMOVED';

  afterEach(() => {
    delete process.env[SET];
    delete process.env[REMOVED];
  });

  it('sets and removes variables, and puts back what was there, once or twice', () => {
    process.env[REMOVED] = 'before';
    const restore = overrideProcessEnv({ [SET]: 'during', [REMOVED]: undefined });
    expect([process.env[SET], REMOVED in process.env]).toEqual(['during', false]);
    restore();
    expect([SET in process.env, process.env[REMOVED]]).toEqual([false, 'before']);
    process.env[SET] = 'changed later';
    restore();
    expect([process.env[SET], process.env[REMOVED]]).toEqual([undefined, 'before']);
  });
});
