import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { findForbiddenInput, forbiddenInputError } from '@hkp/text-input';

/**
 * Refuses an operation whose text inputs hold control characters or unpaired surrogates (PostgreSQL
 * stores neither) with BAD_USER_INPUT and HTTP 400, once the operation is known and before any
 * resolver runs: a client's mistake, not an internal error.
 */
export function createTextInputPlugin<C extends BaseContext = BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const found = findForbiddenInput(schema, document, request.variables, request.operationName);
          if (found) throw forbiddenInputError(found);
        },
      };
    },
  };
}
