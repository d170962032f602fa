import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseUsageReport, type UsageReport } from '@hkp/schema-usage';

export interface ExportOptions {
  /** The gateway: its base URL or its GraphQL URL (`http://gateway:4000/graphql`). */
  gateway: string;
  /** A token with the admin scope. */
  token: string;
  /** Where the report is written; an existing file is never overwritten. */
  out: string;
  /** Start the gateway's counts again from now (the next export continues where this one ends). */
  restart: boolean;
}

/** The gateway's /usage, from its base or GraphQL URL. */
export function usageUrl(gateway: string): string {
  const url = new URL(gateway);
  url.pathname = '/usage';
  url.search = '';
  return url.toString();
}

/**
 * Reads one gateway's usage counts and writes them as a dated report (docs/schema-changes.md):
 * every replica is exported on its own, and the schema check merges the files.
 */
export async function exportUsage(options: ExportOptions): Promise<UsageReport> {
  if (existsSync(options.out))
    throw new Error(`${options.out} exists: give each export (each day, each gateway replica) a file of its own.`);
  const url = usageUrl(options.gateway);
  const response = await fetch(url, {
    method: options.restart ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${options.token}` },
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { errors?: { message: string }[] }).errors?.[0]?.message ?? message;
    } catch {
      // Not JSON (a proxy's page): its start is shown as it is.
    }
    throw new Error(`${url} answered ${response.status}: ${message}`);
  }
  const report = parseUsageReport(JSON.parse(text), url);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
