import { isPreflighted, useCsrfPrevention } from './csrf';

const headers = (init: Record<string, string>) => new Headers(init);

describe('CSRF prevention', () => {
  it('lets JSON and other non-simple content types through (browsers preflight them)', () => {
    expect(isPreflighted(headers({ 'content-type': 'application/json' }))).toBe(true);
    expect(isPreflighted(headers({ 'content-type': 'application/graphql-response+json; charset=utf-8' }))).toBe(true);
  });

  it('needs a preflight header for GETs and simple content types', () => {
    const simples: Record<string, string>[] = [
      {},
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'multipart/form-data; boundary=x' },
    ];
    for (const simple of simples) {
      expect(isPreflighted(headers(simple))).toBe(false);
      for (const name of ['x-graphql-csrf', 'apollo-require-preflight', 'x-apollo-operation-name', 'graphql-preflight']) {
        expect(isPreflighted(headers({ ...simple, [name]: '1' }))).toBe(true);
      }
    }
  });

  it('refuses with 403 CSRF_PREVENTED', () => {
    const plugin = useCsrfPrevention();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const onRequestParse = plugin.onRequestParse as any;
    const parse = (h: Record<string, string>) => onRequestParse({ request: new Request('http://gateway/graphql', { headers: h }) });
    expect(() => parse({ 'content-type': 'application/json' })).not.toThrow();
    let error: { extensions?: Record<string, unknown> } | undefined;
    try {
      parse({ 'content-type': 'text/plain' });
    } catch (e) {
      error = e as typeof error;
    }
    expect(error?.extensions).toEqual({ code: 'CSRF_PREVENTED', http: { status: 403 } });
  });
});
