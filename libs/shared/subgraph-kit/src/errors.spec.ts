import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, formatSubgraphError, isDatabaseUnavailable, notFoundError, userInputError } from './errors';

function formatted(error: GraphQLError, extra: Record<string, unknown> = {}): GraphQLFormattedError {
  const base = error.toJSON();
  return {
    ...base,
    path: ['region'],
    extensions: { ...base.extensions, stacktrace: ['Error: boom', '    at resolver (/srv/region.ts:1:1)'], ...extra },
  };
}

describe('formatSubgraphError', () => {
  it('passes client errors with their code and message but without the stack trace', () => {
    const onInternal = jest.fn();
    for (const error of [userInputError('"x" is not a division code.', 'code'), notFoundError('No such region.')]) {
      const result = formatSubgraphError(formatted(error), error, { exposeInternals: false, onInternal });
      expect(result.message).toBe(error.message);
      expect(result.path).toEqual(['region']);
      expect(result.extensions?.['code']).toBe(error.extensions['code']);
      expect(result.extensions).not.toHaveProperty('stacktrace');
    }
    const withField = userInputError('bad', 'code');
    expect(formatSubgraphError(formatted(withField), withField, { exposeInternals: false }).extensions?.['field']).toBe('code');
    expect(onInternal).not.toHaveBeenCalled();
  });

  it("passes the GraphQL layer's own client codes (parse, validation)", () => {
    const parse = new GraphQLError('Syntax Error: Expected Name, found <EOF>.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(formatSubgraphError(formatted(parse), parse, { exposeInternals: false })).toMatchObject({
      message: parse.message,
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
  });

  it('replaces anything else with a generic INTERNAL_SERVER_ERROR and hands the original to onInternal', () => {
    const original = new Error('relation "regions" does not exist');
    const wrapped = new GraphQLError(original.message, { originalError: original, path: ['region'] });
    const onInternal = jest.fn();
    const result = formatSubgraphError(formatted(wrapped, { code: 'SOMETHING_ELSE', sql: 'SELECT *' }), wrapped, {
      exposeInternals: false,
      onInternal,
    });
    expect(result.extensions).toEqual({ code: ErrorCode.INTERNAL_SERVER_ERROR });
    expect(result.message).not.toContain('regions');
    expect(result.message).toMatch(/Internal error/);
    expect(result.path).toEqual(['region']);
    expect(onInternal).toHaveBeenCalledTimes(1);
    expect(onInternal).toHaveBeenCalledWith(wrapped);
  });

  it('treats an error without a code as internal', () => {
    const error = new GraphQLError('TypeError: cannot read properties of undefined');
    const onInternal = jest.fn();
    const result = formatSubgraphError({ message: error.message }, error, { exposeInternals: false, onInternal });
    expect(result).toMatchObject({ extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(result.message).not.toContain('TypeError');
    expect(onInternal).toHaveBeenCalledWith(error);
  });

  it('shows internal errors as they are only when asked to (development)', () => {
    const error = new GraphQLError('column "x" does not exist');
    const input = formatted(error);
    const onInternal = jest.fn();
    expect(formatSubgraphError(input, error, { exposeInternals: true, onInternal })).toBe(input);
    expect(onInternal).toHaveBeenCalledWith(error);
  });
});

describe('a database that cannot be reached', () => {
  const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['region'] });
  const withProps = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);

  it.each([
    ['connection refused (pg)', withProps('connect ECONNREFUSED 10.1.2.3:5432', { code: 'ECONNREFUSED', address: '10.1.2.3' })],
    [
      'both addresses refused (AggregateError)',
      Object.assign(new AggregateError([withProps('connect ECONNREFUSED ::1:5432', { code: 'ECONNREFUSED' })], ''), {}),
    ],
    ['connection terminated (pg)', new Error('Connection terminated unexpectedly')],
    ['pool connect timeout (pg)', new Error('timeout exceeded when trying to connect')],
    [
      'terminated by the server (57P01, via TypeORM driverError)',
      withProps('terminating connection due to administrator command', {
        name: 'QueryFailedError',
        driverError: withProps('terminating connection due to administrator command', { code: '57P01' }),
      }),
    ],
    ['connection exception class 08', withProps('connection failure', { code: '08006' })],
    ['database not accepting connections', withProps('database "hkp" is not currently accepting connections', { code: '55000' })],
    ['TypeORM not connected', withProps('Connection "default" was not found.', { name: 'ConnectionIsNotSetError' })],
  ])('answers SERVICE_UNAVAILABLE for %s, without the internals, and still logs it', (_name, original) => {
    const error = wrap(original);
    const onInternal = jest.fn();
    const result = formatSubgraphError(formatted(error), error, { exposeInternals: false, onInternal });
    expect(result.extensions).toEqual({ code: ErrorCode.SERVICE_UNAVAILABLE, reason: 'database_unavailable' });
    expect(result.message).toBe('The service cannot reach its database; try again later.');
    expect(result.path).toEqual(['region']);
    expect(JSON.stringify(result)).not.toMatch(/10\.1\.2\.3|5432|administrator|hkp/);
    expect(onInternal).toHaveBeenCalledWith(error);
  });

  it('leaves other SQL failures INTERNAL_SERVER_ERROR', () => {
    for (const original of [
      withProps('relation "regions" does not exist', { code: '42P01' }),
      withProps('duplicate key value', { code: '23505' }),
      new Error('boom'),
    ]) {
      expect(isDatabaseUnavailable(wrap(original))).toBe(false);
      const error = wrap(original);
      expect(formatSubgraphError(formatted(error), error, { exposeInternals: false }).extensions?.['code']).toBe(
        ErrorCode.INTERNAL_SERVER_ERROR,
      );
    }
  });
});
