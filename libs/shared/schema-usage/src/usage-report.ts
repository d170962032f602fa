import { createHash } from 'node:crypto';
import { print, type DocumentNode } from 'graphql';
import { z } from 'zod';

/**
 * A usage report: what the gateway counted between `from` and `to`, one entry per client and
 * operation (name and document hash), with the schema coordinates the operation selects. The
 * gateway writes them (GET /usage, `npm run usage:export`); the schema check reads them as known
 * operations, dated by `to` (docs/schema-changes.md).
 */
export const usageOperationSchema = z.strictObject({
  /** `x-client-name`/`x-client-version` (`portal@2.3.1`), else the token's subject, else `anonymous`. */
  client: z.string().min(1),
  /** The operation's name, or `(anonymous)`. */
  name: z.string().min(1),
  /** SHA-256 of the normalised document (`documentHash`). */
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex'),
  /** The normalised document, so the check can read it against the released schema. */
  document: z.string().min(1),
  count: z.number().int().positive(),
  coordinates: z.array(z.string()),
});
export type UsageOperation = z.infer<typeof usageOperationSchema>;

export const usageReportSchema = z.strictObject({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  operations: z.array(usageOperationSchema),
  /** Executions of operations not counted because the gateway's table was full (GATEWAY_USAGE_MAX_OPERATIONS). */
  dropped: z.number().int().positive().optional(),
});
export type UsageReport = z.infer<typeof usageReportSchema>;

/** The client of a request that names none (no x-client-name header, no token). */
export const ANONYMOUS_CLIENT = 'anonymous';

/** One printing for every spelling of the same document (whitespace, commas, comments). */
export function normaliseDocument(document: DocumentNode): string {
  return print(document);
}

export function documentHash(normalised: string): string {
  return createHash('sha256').update(normalised).digest('hex');
}

/** Reads a report file's JSON, naming what is wrong with it. */
export function parseUsageReport(json: unknown, where: string): UsageReport {
  const parsed = usageReportSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - [${i.path.join('.')}] ${i.message}`).join('\n');
    throw new Error(`${where} is not a usage report:\n${problems}`);
  }
  return parsed.data;
}
