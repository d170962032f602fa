import { GraphQLError } from 'graphql';
import { clientError, errorBody, useClientErrorHygiene } from './client-errors';

describe('client errors', () => {
  it('carries the code and the HTTP status (and headers) Yoga answers with', () => {
    expect(clientError('Slow down.', 'RATE_LIMITED', 429, { limit: 5 }, { 'retry-after': '3' }).extensions).toEqual({
      limit: 5,
      code: 'RATE_LIMITED',
      http: { status: 429, headers: { 'retry-after': '3' } },
    });
    expect(JSON.parse(errorBody('Too big.', 'PAYLOAD_TOO_LARGE'))).toEqual({
      errors: [{ message: 'Too big.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
  });

  it('removes internals from every error and answers BAD_REQUEST with 400 whatever the Accept header', () => {
    const parseFailure = new GraphQLError('POST body sent invalid JSON.', {
      extensions: {
        code: 'BAD_REQUEST',
        originalError: { name: 'SyntaxError', message: 'Unexpected end' },
        http: { spec: true, status: 400 },
      },
    });
    const upstream = new GraphQLError('The health service is unavailable.', {
      extensions: { code: 'SERVICE_UNAVAILABLE', request: { body: '{ _entities }' }, stacktrace: ['at x'] },
    });
    const validation = new GraphQLError('Cannot query field.', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { spec: true, status: 400 } },
    });
    const result = { errors: [parseFailure, upstream, validation] };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (useClientErrorHygiene().onResultProcess as any)({ result });
    expect(parseFailure.extensions).toEqual({ code: 'BAD_REQUEST', http: { spec: false, status: 400 } });
    expect(upstream.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    // Validation failures keep the spec's 200-for-application/json behaviour.
    expect(validation.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', http: { spec: true, status: 400 } });
  });
});
