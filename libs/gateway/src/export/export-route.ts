import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import type { GraphQLSchema } from 'graphql';
import type { GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { errorBody, GatewayErrorCode, sendErrorBody } from '../client-errors';
import { matchesEtag } from '../client-schema-route';
import { nodeResponseCoding, type NodeResponseCoding } from '../compression';
import type { GatewayFeature } from '../gateway-feature';
import { gatewayLogger } from '../gateway-logger';
import { ApiReadError, measurePages, readApi } from './api-reader';
import { CatalogPosition, type ChangeFeedAnswer, type CatalogPositionMark } from './catalog-position';
import type { ExportConfig } from './export-config';
import { CATALOG_POSITION_DOCUMENT, departmentFragments, MEASURE_FIELDS, measuresPageDocument, TARGET_FIELDS } from './export-documents';
import { targetRecords, targetsCsvHeader, type MeasureWithTargets } from './targets-csv';

export const MEASURES_EXPORT_PATH = '/export/measures.ndjson';
export const TARGETS_EXPORT_PATH = '/export/targets.csv';

/** Changes whenever the files' layout does, so a layout change is never answered 304. */
const EXPORT_FORMAT = '1';

/**
 * Takes `points` from the allowance of the client sending `req` and answers 429 (returning true)
 * when they are not left; `note` is added to the refusal's message.
 */
export type ExportCharge = (req: IncomingMessage, res: ServerResponse, points: number, note: string) => Promise<boolean>;

interface ExportFile {
  path: string;
  contentType: string;
  filename: string;
  /** The page document for the served schema. */
  document(schema: GraphQLSchema): string;
  /** What the file begins with. */
  head(): string;
  /** The text of a page's nodes. */
  body(nodes: unknown[]): string;
}

const FILES: ExportFile[] = [
  {
    path: MEASURES_EXPORT_PATH,
    contentType: 'application/x-ndjson; charset=utf-8',
    filename: 'measures.ndjson',
    document: (schema) => measuresPageDocument('ExportMeasures', `${MEASURE_FIELDS}\n      ${departmentFragments(schema)}`),
    head: () => '',
    // One measure per line, exactly as the API answered it (JSON escapes U+2028/2029 and line breaks).
    body: (nodes) => nodes.map((node) => `${JSON.stringify(node)}\n`).join(''),
  },
  {
    path: TARGETS_EXPORT_PATH,
    contentType: 'text/csv; charset=utf-8; header=present',
    filename: 'targets.csv',
    document: () => measuresPageDocument('ExportTargets', TARGET_FIELDS),
    head: targetsCsvHeader,
    body: (nodes) => targetRecords(nodes as MeasureWithTargets[]),
  },
];

/** The entity tag of a file at a catalog position, for the document the served schema gives (weak: see the header). */
function entityTagOf(file: ExportFile, document: string, { feedId, latest }: CatalogPositionMark): string {
  const parts = [
    EXPORT_FORMAT,
    file.path,
    document,
    feedId,
    latest?.seq ?? '0',
    latest?.measureId ?? '',
    latest?.version ?? '',
    latest?.changedAt ?? '',
  ];
  return `"${createHash('sha256').update(JSON.stringify(parts)).digest('base64url')}"`;
}

/** Whether If-Modified-Since says the client has what changed at `lastModified` (HTTP dates count whole seconds). */
function notModifiedSince(ifModifiedSince: string | undefined, lastModified: Date | undefined): boolean {
  if (!ifModifiedSince || !lastModified) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

/**
 * Writes a chunk to the body (the response, or the compressor in front of it) and, when its buffer
 * is full, waits until it drains (or the client leaves).
 */
async function write(res: ServerResponse, body: Writable, chunk: string): Promise<boolean> {
  if (res.destroyed || body.destroyed) return false;
  if (!body.write(chunk)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        body.off('drain', done);
        res.off('close', done);
        resolve();
      };
      body.on('drain', done);
      res.on('close', done);
    });
  }
  return !res.destroyed;
}

/** The refusal for an API read that failed before anything was sent. */
function sendReadFailure(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  const code = error instanceof ApiReadError ? error.code : GatewayErrorCode.SERVICE_UNAVAILABLE;
  const message =
    error instanceof ApiReadError
      ? `The export could not be read from the API: ${error.message}`
      : 'The export could not be read from the API; retry shortly.';
  sendErrorBody(req, res, 503, errorBody(message, code), { 'retry-after': '5' });
}

/**
 * GET (and HEAD) /export/measures.ndjson and /export/targets.csv: every measure the public
 * `measures` list returns, read by the gateway page by page through its own runtime (the served
 * schema or contract, the limits, the planner, every subgraph), so a file holds what a client
 * paging the API gets. Streamed: a page is read only once the previous one has been taken by the
 * client's connection. The validators come from the catalog's change feed, read before the first
 * page: a revalidation that matches is answered 304 without reading a page. An export takes
 * `config.cost` points of its client's rate-limit allowance (a 304 one), and at most
 * `config.maxConcurrent` run at once.
 */
export function createExportFeature(config: ExportConfig, runtimeOf: () => GatewayRuntime, charge?: ExportCharge): GatewayFeature {
  if (!config.enabled) return { name: 'exports' };
  const log = gatewayLogger();
  const position = new CatalogPosition(async (after, first) => {
    const answer = await readApi<{ measureChangeFeed: ChangeFeedAnswer['feed']; measureChanges: ChangeFeedAnswer['changes'] | null }>(
      runtimeOf(),
      CATALOG_POSITION_DOCUMENT,
      { after, first },
    );
    return { feed: answer.measureChangeFeed, changes: answer.measureChanges ?? [] };
  });
  // Documents made once per schema the runtime builds (a reload makes a new one).
  const documents = new WeakMap<GraphQLSchema, Map<string, string>>();
  const documentOf = async (file: ExportFile): Promise<string> => {
    const schema = await runtimeOf().getSchema();
    let bySchema = documents.get(schema);
    if (!bySchema) documents.set(schema, (bySchema = new Map()));
    let document = bySchema.get(file.path);
    if (document === undefined) bySchema.set(file.path, (document = file.document(schema)));
    return document;
  };
  let running = 0;

  async function answer(file: ExportFile, req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Every request takes a point, a revalidation too; the rest of the cost only when a file is sent.
    if (charge && (await charge(req, res, 1, `An export counts as ${config.cost} requests, a revalidation answered 304 as one.`))) return;
    if (running >= config.maxConcurrent) {
      const message = `${config.maxConcurrent} exports are being sent by this gateway already; retry after 5 s.`;
      sendErrorBody(req, res, 503, errorBody(message, GatewayErrorCode.SERVICE_UNAVAILABLE), { 'retry-after': '5' });
      return;
    }
    running += 1;
    try {
      let document: string;
      let mark: CatalogPositionMark;
      try {
        document = await documentOf(file);
        mark = await position.current();
      } catch (error) {
        log.warn({ path: file.path, error: (error as Error).message }, 'export: the catalog position could not be read');
        sendReadFailure(req, res, error);
        return;
      }
      const lastModified = mark.latest ? new Date(mark.latest.changedAt) : undefined;
      const entityTag = entityTagOf(file, document, mark);
      // Compressed as the GraphQL answers are; the weak tag stands for the file in every coding.
      const coding: NodeResponseCoding | undefined = config.compress ? nodeResponseCoding(req, res, file.contentType) : undefined;
      const vary = coding?.headers['vary'];
      const validators: Record<string, string> = {
        // Weak: regions' names and funding lines are reference data that a data load may change without a catalog change.
        etag: `W/${entityTag}`,
        // Revalidated on every use: a write may change the file at any moment.
        'cache-control': 'public, no-cache',
        ...(lastModified ? { 'last-modified': lastModified.toUTCString() } : {}),
        ...(vary ? { vary } : {}),
      };
      const ifNoneMatch = req.headers['if-none-match'];
      const fresh =
        ifNoneMatch !== undefined ? matchesEtag(ifNoneMatch, entityTag) : notModifiedSince(req.headers['if-modified-since'], lastModified);
      if (fresh) {
        res.writeHead(304, validators).end();
        return;
      }
      const headers = {
        ...validators,
        ...coding?.headers,
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
        'x-content-type-options': 'nosniff',
      };
      if (req.method === 'HEAD') {
        res.writeHead(200, headers).end();
        return;
      }
      if (charge && config.cost > 1 && (await charge(req, res, config.cost - 1, `An export counts as ${config.cost} requests.`))) return;
      await stream(file, document, headers, coding, req, res);
    } finally {
      running -= 1;
    }
  }

  async function stream(
    file: ExportFile,
    document: string,
    headers: Record<string, string>,
    coding: NodeResponseCoding | undefined,
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    const pages = measurePages<unknown>(runtimeOf(), document, config.pageSize);
    // The first page is read before the status is sent, so a failing read is still a clean error.
    let first: IteratorResult<unknown[]>;
    try {
      first = await pages.next();
    } catch (error) {
      log.warn({ path: file.path, error: (error as Error).message }, 'export: the first page could not be read');
      sendReadFailure(req, res, error);
      return;
    }
    res.writeHead(200, headers);
    const body = coding ? coding.body() : res;
    try {
      if (!(await write(res, body, file.head()))) return;
      for (let page = first; !page.done; page = await pages.next()) {
        if (!(await write(res, body, file.body(page.value)))) return;
      }
      body.end();
    } catch (error) {
      // The status is sent: ending the response without its last chunk tells the client the file is incomplete.
      log.warn({ path: file.path, error: (error as Error).message }, 'export: a page could not be read; the response is cut off');
      res.destroy();
    } finally {
      await pages.return(undefined);
    }
  }

  return {
    name: 'exports',
    handleHttp: async (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const file = FILES.find((f) => f.path === path);
      if (!file) return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendErrorBody(req, res, 405, errorBody(`${file.path} is read with GET (or HEAD).`, GatewayErrorCode.BAD_REQUEST), {
          allow: 'GET, HEAD',
        });
        return true;
      }
      await answer(file, req, res);
      return true;
    },
  };
}
