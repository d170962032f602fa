import { GraphQLError, type ValidationRule } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * An operation whose type the schema does not have (a `mutation` on the public contract, or a
 * `subscription` on a graph without one) fails validation. graphql-js 16 leaves that to execution, and the authorization rules, which run
 * just before execution, cannot walk an operation without a root type (the request ended in a 500).
 */
export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    context.reportError(
      new GraphQLError(
        `This API has no ${node.operation} operations; send a query${node.operation === 'subscription' ? ' and poll, or read the change feed' : ''}.`,
        {
          nodes: [node],
          extensions: { operation: node.operation },
        },
      ),
    );
  },
});

export function useKnownOperationTypes(): GatewayPlugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(knownOperationTypesRule);
    },
  };
}
