import { serviceGraphqlUrl } from './service-directory';

describe('serviceGraphqlUrl', () => {
  it('takes <NAME>_URL first, else the port <NAME>_PORT moved the service to, else its default port', () => {
    expect(serviceGraphqlUrl('education', { EDUCATION_URL: 'http://education:4002/graphql', EDUCATION_PORT: '5002' })).toBe(
      'http://education:4002/graphql',
    );
    expect(serviceGraphqlUrl('civil-affairs', { CIVIL_AFFAIRS_PORT: '5006' })).toBe('http://127.0.0.1:5006/graphql');
    expect(serviceGraphqlUrl('programme', {})).toBe('http://127.0.0.1:4001/graphql');
  });

  it('names the variable of a port that is not a port', () => {
    expect(() => serviceGraphqlUrl('health', { HEALTH_PORT: 'x' })).toThrow(/HEALTH_PORT/);
  });
});
