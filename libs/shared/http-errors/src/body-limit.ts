import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, HttpErrorCode, sendErrorBody } from './error-body';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

function refuse(req: IncomingMessage, res: ServerResponse, maxBytes: number): void {
  const body = errorBody(`The request body is larger than the ${maxBytes} bytes this API accepts.`, HttpErrorCode.PAYLOAD_TOO_LARGE, {
    maxBytes,
  });
  // Close the connection: the rest of an oversized upload is not worth reading.
  sendErrorBody(req, res, 413, body, { connection: 'close' });
}

/**
 * Reads the whole body, or stops at `maxBytes` and resolves undefined. The stream is not
 * destroyed when it stops (that would take the socket and the 413 with it): the rest is drained.
 */
function readAtMost(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onAborted = () => onError(new Error('request aborted'));
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('aborted', onAborted);
  });
}

/**
 * Refuses request bodies over `maxBytes` with 413 before anything parses them: at once when
 * Content-Length says so, else while reading (chunked uploads). A body within the limit is kept
 * as `req.body`, which the runtime's Node adapter reads instead of the (consumed) stream.
 */
export function createBodyLimit(maxBytes: number): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if (!METHODS_WITH_BODY.has((req.method ?? 'GET').toUpperCase())) return false;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      refuse(req, res, maxBytes);
      return true;
    }
    let body: Buffer | undefined;
    try {
      body = await readAtMost(req, maxBytes);
    } catch {
      // The client went away mid-upload: nobody is left to answer.
      if (!res.headersSent) res.destroy();
      return true;
    }
    if (body === undefined) {
      refuse(req, res, maxBytes);
      return true;
    }
    if (body.length > 0) (req as IncomingMessage & { body?: Buffer }).body = body;
    return false;
  };
}
