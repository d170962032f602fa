import { print, type DocumentNode } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * Hands execution the same DocumentNode object for the same operation text. The authorization
 * check (extended validation) rebuilds the document on every request, and the query planner
 * caches plans by document object, so without this every request would be planned again.
 * Register it after the plugins that rewrite the document.
 */
export function useStableDocuments(maxDocuments = 1000): GatewayPlugin {
  const byText = new Map<string, DocumentNode>();
  return {
    onExecute({ args }) {
      const text = print(args.document);
      const known = byText.get(text);
      if (known) {
        args.document = known;
        return;
      }
      // Oldest first out: a Map iterates in insertion order.
      if (byText.size >= maxDocuments) byText.delete(byText.keys().next().value as string);
      byText.set(text, args.document);
    },
  };
}
