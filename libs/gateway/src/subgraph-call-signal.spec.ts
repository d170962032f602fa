import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';
import type { ExecutionRequest, Executor } from '@graphql-tools/utils';
import { parse } from 'graphql';
import { useSubgraphCallSignalRelease, type SubgraphTimeout } from './subgraph-call-signal';

/** The executor our plugin puts in place of `executor`, as the gateway runtime would install it. */
function wrapped(executor: Executor, timeoutOf?: SubgraphTimeout): Executor {
  let installed: Executor | undefined;
  const hook = useSubgraphCallSignalRelease(timeoutOf).onSubgraphExecute as (payload: object) => void;
  hook({ subgraphName: 'education', executor, setExecutor: (next: Executor) => (installed = next) });
  return installed!;
}

const CALLS = 60;
let server: Server;
let connections = 0;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.setHeader('content-type', 'application/json').end(JSON.stringify({ data: { ok: true } })));
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('releasing each subgraph call’s abort signal', () => {
  it('leaves no listener behind on the executor’s long-lived signal, over many calls on one kept-alive connection', async () => {
    // Abort listeners alive per signal, counted as they are added and removed.
    const alive = new Map<EventTarget, number>();
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    const count = (target: EventTarget, type: string, delta: number) => {
      if (type === 'abort') alive.set(target, (alive.get(target) ?? 0) + delta);
    };
    const addSpy = jest.spyOn(EventTarget.prototype, 'addEventListener').mockImplementation(function (this: EventTarget, ...args) {
      count(this, args[0], 1);
      return add.apply(this, args);
    });
    const removeSpy = jest.spyOn(EventTarget.prototype, 'removeEventListener').mockImplementation(function (this: EventTarget, ...args) {
      count(this, args[0], -1);
      return remove.apply(this, args);
    });
    try {
      const call = wrapped(buildHTTPExecutor({ endpoint: url }) as Executor);
      connections = 0;
      for (let i = 0; i < CALLS; i += 1) {
        // A request signal as the gateway passes one (the client's request can be aborted).
        const client = new AbortController();
        const result = await call({ document: parse('{ ok }'), signal: client.signal } as ExecutionRequest);
        expect(result).toEqual({ data: { ok: true } });
      }
    } finally {
      addSpy.mockRestore();
      removeSpy.mockRestore();
    }
    // Without the release, the executor's own signal holds one listener per call made (CALLS).
    expect(Math.max(...alive.values())).toBeLessThan(5);
    expect(connections).toBe(1);
  });

  it('aborts the call’s signal once it has answered, and passes the client’s abort through before that', async () => {
    const seen: AbortSignal[] = [];
    const call = wrapped(((request: ExecutionRequest) => {
      seen.push(request.signal!);
      return { data: { ok: true } };
    }) as Executor);
    await call({ document: parse('{ ok }') } as ExecutionRequest);
    expect(seen[0]!.aborted).toBe(true);

    const client = new AbortController();
    let abortedWhileRunning = false;
    const slow = wrapped((async (request: ExecutionRequest) => {
      client.abort();
      abortedWhileRunning = request.signal!.aborted;
      return { data: { ok: true } };
    }) as Executor);
    await slow({ document: parse('{ ok }'), signal: client.signal } as ExecutionRequest);
    expect(abortedWhileRunning).toBe(true);
  });

  it('keeps a streamed answer’s signal open: the stream still reads from the subgraph', async () => {
    let signal: AbortSignal | undefined;
    const call = wrapped(((request: ExecutionRequest) => {
      signal = request.signal;
      return (async function* () {
        yield { data: { ok: true } };
      })();
    }) as Executor);
    await call({ document: parse('subscription { ok }') } as ExecutionRequest);
    expect(signal!.aborted).toBe(false);
  });

  it('abandons a call slower than its subgraph’s timeout with GATEWAY_TIMEOUT and aborts its signal; a quick one is unaffected', async () => {
    const asked: (string | undefined)[] = [];
    let signal: AbortSignal | undefined;
    const slow = wrapped(
      ((request: ExecutionRequest) => {
        signal = request.signal;
        return new Promise(() => undefined); // never answers, whatever its signal says
      }) as Executor,
      (subgraphName) => {
        asked.push(subgraphName);
        return 50;
      },
    );
    const started = Date.now();
    await expect(slow({ document: parse('{ ok }') } as ExecutionRequest)).rejects.toMatchObject({
      extensions: { code: 'GATEWAY_TIMEOUT', serviceName: 'education', http: { status: 504 } },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(signal!.aborted).toBe(true);
    expect(asked).toEqual(['education']);

    const quick = wrapped(buildHTTPExecutor({ endpoint: url }) as Executor, () => 50);
    expect(await quick({ document: parse('{ ok }') } as ExecutionRequest)).toEqual({ data: { ok: true } });
  });

  it('lets a call without a timeout (a subscription’s stream) take as long as it takes, not time it out at once', async () => {
    const answer = () => new Promise<unknown>((resolve) => setTimeout(() => resolve({ data: { ok: true } }), 80));
    const call = wrapped(answer as unknown as Executor, () => undefined);
    expect(await call({ document: parse('{ ok }') } as ExecutionRequest)).toEqual({ data: { ok: true } });
  });
});
