import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, formatSubgraphError, notFoundError, userInputError } from './errors';

function formatted(error: GraphQLError, extra: Record<string, unknown> = {}): GraphQLFormattedError {
  const base = error.toJSON();
  return { ...base, path: ['region'], extensions: { ...base.extensions, stacktrace: ['Error: boom', '    at resolver (/srv/region.ts:1:1)'], ...extra } };
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

  it('passes the GraphQL layer\'s own client codes (parse, validation)', () => {
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
    const result = formatSubgraphError(formatted(wrapped, { code: 'SOMETHING_ELSE', sql: 'SELECT *' }), wrapped, { exposeInternals: false, onInternal });
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
