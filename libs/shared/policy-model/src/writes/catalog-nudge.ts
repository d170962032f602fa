import type { Logger } from 'pino';
import { serviceGraphqlUrl } from '@hkp/util-env';

/** How long a write waits for the catalog before it answers anyway. */
export const CATALOG_NUDGE_TIMEOUT_MS = 2000;

/**
 * Asks the command office's catalog to read this department's change feed now, so the change
 * shows up in cross-department search at once instead of at the next poll. Called after the
 * write committed; a failure (programme down, slow) is logged and ignored: the catalog's
 * background loop delivers the change anyway. Resolves to whether the catalog confirmed. The
 * writer's Authorization header goes along: `syncCatalog` needs `<source>:write` (or admin).
 */
export async function nudgeCatalog(
  source: string,
  options: { logger: Logger; requestId?: string; timeoutMs?: number; url?: string; authorization?: string },
): Promise<boolean> {
  const url = options.url ?? serviceGraphqlUrl('programme');
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.requestId ? { 'x-request-id': options.requestId } : {}),
        // The writer's own token: syncCatalog needs the write scope of the feed it reads.
        ...(options.authorization ? { authorization: options.authorization } : {}),
      },
      body: JSON.stringify({ query: 'mutation SyncCatalog($source: String!) { syncCatalog(source: $source) }', variables: { source } }),
      signal: AbortSignal.timeout(options.timeoutMs ?? CATALOG_NUDGE_TIMEOUT_MS),
    });
    const body = (await response.json()) as { data?: { syncCatalog?: boolean } | null; errors?: { message: string }[] };
    if (response.ok && body.data?.syncCatalog === true) return true;
    options.logger.warn(
      { source, status: response.status, errors: body.errors?.map((e) => e.message) },
      'catalog did not confirm the nudge; its sync loop will pick the change up',
    );
    return false;
  } catch (error) {
    options.logger.warn({ source, err: (error as Error).message }, 'could not nudge the catalog; its sync loop will pick the change up');
    return false;
  }
}

/** Races an in-process nudge (the programme's own feed) against the same time limit. */
export async function withNudgeTimeout(nudge: Promise<unknown>, logger: Logger, timeoutMs = CATALOG_NUDGE_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      nudge.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'catalog sync after a write failed; its sync loop will pick the change up');
    return false;
  } finally {
    if (timer) clearTimeout(timer);
  }
}
