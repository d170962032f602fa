import { print, type DocumentNode } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * Hands execution the same DocumentNode object for the same operation text. The query planner
 * caches plans by document object, so a document rebuilt for a request (by a plugin that rewrites
 * it) would be planned again. Authorization verdicts hand on the same rewritten object already;
 * this covers the documents walked afresh for every request. A document object seen before is
 * recognised without printing it. Register it after the plugins that rewrite the document.
 */
export function useStableDocuments(maxDocuments = 1000): GatewayPlugin {
  const byText = new Map<string, DocumentNode>();
  const canonical = new WeakMap<DocumentNode, DocumentNode>();
  return {
    onExecute({ args }) {
      const seen = canonical.get(args.document);
      if (seen) {
        args.document = seen;
        return;
      }
      const text = print(args.document);
      const known = byText.get(text);
      if (known) {
        canonical.set(args.document, known);
        args.document = known;
        return;
      }
      // Oldest first out: a Map iterates in insertion order.
      if (byText.size >= maxDocuments) byText.delete(byText.keys().next().value as string);
      byText.set(text, args.document);
      canonical.set(args.document, args.document);
    },
  };
}
