/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * A GraphQL-over-SSE client ("distinct connections" mode) as a partner writes one with fetch:
 * POST the operation with `Accept: text/event-stream`, read `next` events until `complete`.
 */
export interface EventStream {
  status: number;
  headers: Headers;
  /** The next `next` event's payload, or an error after `timeoutMs`; null once the stream completed or ended. */
  next(timeoutMs?: number): Promise<any | null>;
  /** Every payload received so far. */
  received: any[];
  close(): void;
}

export async function openEventStream(
  gatewayUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const queue: (any | null)[] = [];
  const waiting: ((value: any | null) => void)[] = [];
  const received: any[] = [];
  let ended = false;
  const deliver = (value: any | null) => {
    if (value !== null) received.push(value);
    const waiter = waiting.shift();
    if (waiter) waiter(value);
    else queue.push(value);
  };
  const end = () => {
    if (ended) return;
    ended = true;
    deliver(null);
  };
  void (async () => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) !== -1) {
          const message = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const lines = message.split('\n');
          const event =
            lines
              .find((l) => l.startsWith('event:'))
              ?.slice(6)
              .trim() ?? 'message';
          const data = lines
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          if (event === 'complete') return end();
          if (data) deliver(JSON.parse(data));
        }
      }
    } catch {
      // Closed by us or by the server: the stream has ended.
    }
    end();
  })();
  return {
    status: response.status,
    headers: response.headers,
    received,
    next(timeoutMs = 5000) {
      if (queue.length > 0) return Promise.resolve(queue.shift());
      if (ended) return Promise.resolve(null);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(waiter), 1);
          reject(new Error(`no event within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (value: any | null) => {
          clearTimeout(timer);
          resolve(value);
        };
        waiting.push(waiter);
      });
    },
    close() {
      abort.abort();
    },
  };
}
