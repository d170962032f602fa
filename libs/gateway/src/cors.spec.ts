import { readCorsConfig } from './cors';

describe('readCorsConfig', () => {
  it('allows any origin without credentials unless GATEWAY_CORS_ORIGINS lists some', () => {
    expect(readCorsConfig({})).toEqual({ maxAgeSeconds: 600 });
    expect(readCorsConfig({ GATEWAY_CORS_ORIGINS: ' , ' })).toEqual({ maxAgeSeconds: 600 });
    expect(
      readCorsConfig({ GATEWAY_CORS_ORIGINS: 'https://portal.example.org, http://localhost:5173/', GATEWAY_CORS_MAX_AGE_S: '60' }),
    ).toEqual({ origins: ['https://portal.example.org', 'http://localhost:5173'], maxAgeSeconds: 60 });
  });

  it('refuses at start anything that is not an origin, naming it', () => {
    for (const value of ['portal.example.org', 'https://portal.example.org/app', '*', 'ftp://files.example.org', 'null']) {
      expect(() => readCorsConfig({ GATEWAY_CORS_ORIGINS: value })).toThrow(`"${value}" is not one`);
    }
  });
});
