import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { findForbiddenInput, forbiddenInputError } from '@hkp/text-input';

/**
 * Refuses an operation whose text inputs hold control characters or unpaired surrogates with
 * BAD_USER_INPUT and HTTP 400, before the plan is made and any subgraph is called (the subgraphs
 * refuse them too, for requests that reach them directly).
 */
export function useTextInputValidation(): GatewayPlugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const found = findForbiddenInput(
        args.schema,
        args.document,
        args.variableValues as Record<string, unknown> | undefined,
        args.operationName,
      );
      if (found) setResultAndStopExecution({ errors: [forbiddenInputError(found)] });
    },
  };
}
