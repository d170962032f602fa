import { getEnvBool, getEnvEnum, getEnvNum, getEnvPort, getEnvStr } from './env-readers';
import { ConfigError } from './config-error';

describe('typed environment readers', () => {
  it('falls back when a variable is unset or blank', () => {
    expect(getEnvNum('PORT', 4001, {})).toBe(4001);
    expect(getEnvNum('PORT', 4001, { PORT: '  ' })).toBe(4001);
    expect(getEnvStr('NAME', 'x', {})).toBe('x');
  });

  it('names the variable when a value is wrong', () => {
    expect(() => getEnvNum('GATEWAY_PORT', 4000, { GATEWAY_PORT: 'abc' })).toThrow(/GATEWAY_PORT must be a number/);
    expect(() => getEnvPort('GATEWAY_PORT', 4000, { GATEWAY_PORT: '70000' })).toThrow(ConfigError);
    expect(() => getEnvBool('FLAG', false, { FLAG: 'maybe' })).toThrow(/FLAG must be true or false/);
    expect(() => getEnvEnum('LEVEL', ['a', 'b'] as const, 'a', { LEVEL: 'c' })).toThrow(/one of a, b/);
    expect(() => getEnvStr('REQUIRED', undefined, {})).toThrow(/REQUIRED is required/);
  });

  it('reads booleans in the usual spellings', () => {
    expect(getEnvBool('F', false, { F: 'yes' })).toBe(true);
    expect(getEnvBool('F', true, { F: '0' })).toBe(false);
  });
});
