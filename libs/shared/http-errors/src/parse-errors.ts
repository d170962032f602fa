import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorBody, HttpErrorCode } from './error-body';

interface Refusal {
  status: number;
  body: string;
}

function refusalFor(error: Error & { code?: string }, maxHeaderBytes: number): Refusal {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        body: errorBody(
          `The request headers are larger than the ${maxHeaderBytes} bytes this API accepts; an oversized Authorization token or too many cookies are the usual cause.`,
          HttpErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE,
          { maxBytes: maxHeaderBytes },
        ),
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, body: errorBody('The chunk extensions of the request body are too large.', HttpErrorCode.PAYLOAD_TOO_LARGE) };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, body: errorBody('The request was not received in time; send it again.', HttpErrorCode.BAD_REQUEST) };
    default:
      return {
        status: 400,
        body: errorBody('The request is not valid HTTP/1.1 (request line, headers or chunked body).', HttpErrorCode.BAD_REQUEST),
      };
  }
}

/**
 * Node's HTTP parser answers requests it cannot read (headers over `maxHeaderSize`, malformed
 * HTTP) itself, with an empty body. This answers them as every other refusal is answered: a
 * GraphQL error body with a code, and a new request id (the client's own could not be read).
 * Node's default header limit (16 KiB, `--max-http-header-size`) is kept: see docs/security.md.
 */
export function answerParseErrorsAsGraphQL(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    // As Node's own handler: no answer to a client that is gone, nor in the middle of another response.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, body } = refusalFor(error, (server as Server & { maxHeaderSize?: number }).maxHeaderSize ?? maxHeaderSize);
    const head = [
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `X-Request-Id: ${randomUUID()}`,
      'Connection: close',
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  });
}
