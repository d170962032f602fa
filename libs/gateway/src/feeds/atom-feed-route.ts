import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { getEnvNum, getEnvStr } from '@hkp/util-env';
import { nodeResponseCoding, readCompressionConfig } from '../compression';
import { errorBody, GatewayErrorCode, sendErrorBody } from '../client-errors';
import type { ExportCharge } from '../export/export-route';
import { ApiReadError, readApi } from '../export/api-reader';
import type { GatewayFeature } from '../gateway-feature';
import { gatewayLogger } from '../gateway-logger';
import { renderAtomPage, type FeedChange } from './atom-feed';

export const ATOM_FEED_PATH = '/feeds/measures.atom';

export interface AtomFeedConfig {
  /** GATEWAY_FEED_PAGE_SIZE: entries per page. */
  pageSize: number;
  /** GATEWAY_FEED_MEASURE_URL: where an entry links to, `{id}` replaced by the measure's id. */
  measureUrl: string;
  /** GATEWAY_COMPRESSION: pages compressed as the GraphQL answers are. */
  compress: boolean;
}

export function readAtomFeedConfig(env: Record<string, string | undefined> = process.env): AtomFeedConfig {
  return {
    pageSize: getEnvNum('GATEWAY_FEED_PAGE_SIZE', 50, env, { min: 1, max: 500 }),
    measureUrl: getEnvStr('GATEWAY_FEED_MEASURE_URL', 'http://localhost:4100/#/measure/{id}', env),
    compress: readCompressionConfig(env).enabled,
  };
}

const HEAD_DOCUMENT = `query AtomFeedHead { measureChangeFeed { feedId latestPosition } }`;
const PAGE_DOCUMENT = `query AtomFeedPage($after: String!, $first: Int!) {
  measureChanges(after: $after, first: $first) { seq measureId department version kind changedAt measure { title } }
}`;

/** The address a client reached the gateway at (behind a proxy, as the proxy says). */
function originOf(req: IncomingMessage): string {
  const forwarded = (req.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0]?.trim();
  const protocol = forwarded === 'https' || forwarded === 'http' ? forwarded : 'http';
  return `${protocol}://${req.headers.host ?? 'localhost'}`;
}

/**
 * GET /feeds/measures.atom: the catalog's changes as an Atom feed for feed readers, newest first,
 * a page at a time (`?before=<position>` for older ones, linked with rel="next"). It reads the API
 * (measureChangeFeed, measureChanges) through the gateway's own runtime, like the exports.
 */
export function createAtomFeedFeature(config: AtomFeedConfig, runtimeOf: () => GatewayRuntime, charge?: ExportCharge): GatewayFeature {
  const log = gatewayLogger();

  async function answer(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const beforeParam = url.searchParams.get('before');
    if (beforeParam !== null && !/^[1-9]\d{0,17}$/.test(beforeParam)) {
      return sendErrorBody(
        req,
        res,
        400,
        errorBody(
          '"before" must be a position of the feed (a whole number from 1), as the rel="next" link gives it.',
          GatewayErrorCode.BAD_REQUEST,
        ),
      );
    }
    if (charge && (await charge(req, res, 1, 'A page of the Atom feed counts as one request.'))) return;
    try {
      const head = (await readApi<{ measureChangeFeed: { feedId: string; latestPosition: string } }>(runtimeOf(), HEAD_DOCUMENT, {}))
        .measureChangeFeed;
      const latest = BigInt(head.latestPosition);
      const before = beforeParam === null ? latest + 1n : BigInt(beforeParam) > latest + 1n ? latest + 1n : BigInt(beforeParam);
      const from = before - BigInt(config.pageSize) > 1n ? before - BigInt(config.pageSize) : 1n;
      const changes =
        before > from
          ? ((
              await readApi<{ measureChanges: FeedChange[] | null }>(runtimeOf(), PAGE_DOCUMENT, {
                after: String(from - 1n),
                first: Number(before - from),
              })
            ).measureChanges ?? [])
          : [];
      const newestFirst = changes.filter((c) => BigInt(c.seq) < before).reverse();
      const origin = originOf(req);
      const body = renderAtomPage({
        feedId: head.feedId,
        changes: newestFirst,
        selfUrl: `${origin}${ATOM_FEED_PATH}${beforeParam === null ? '' : `?before=${before}`}`,
        nextUrl: from > 1n ? `${origin}${ATOM_FEED_PATH}?before=${from}` : undefined,
        measureUrl: (id) => config.measureUrl.replace('{id}', encodeURIComponent(id)),
        updated: newestFirst[0]?.changedAt ?? new Date().toISOString(),
      });
      const contentType = 'application/atom+xml; charset=utf-8';
      const coding = config.compress ? nodeResponseCoding(req, res, contentType) : undefined;
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache', ...coding?.headers });
      if (req.method === 'HEAD') res.end();
      else (coding?.body() ?? res).end(body);
    } catch (error) {
      log.warn({ err: error }, 'the Atom feed could not read the change feed');
      const code = error instanceof ApiReadError ? error.code : GatewayErrorCode.SERVICE_UNAVAILABLE;
      sendErrorBody(req, res, 503, errorBody('The change feed could not be read; retry in a few seconds.', code), { 'retry-after': '5' });
    }
  }

  return {
    name: 'atom-feed',
    handleHttp: async (req, res) => {
      // Every request of the gateway passes here: its path is compared before a URL is made of it.
      if ((req.url ?? '/').split('?')[0] !== ATOM_FEED_PATH) return false;
      const url = new URL(req.url ?? '/', 'http://gateway');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendErrorBody(req, res, 405, errorBody('The Atom feed is read with GET.', GatewayErrorCode.BAD_REQUEST), { allow: 'GET, HEAD' });
        return true;
      }
      await answer(req, res, url);
      return true;
    },
  };
}
