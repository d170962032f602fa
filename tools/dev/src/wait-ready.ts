export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';

  constructor(
    message: string,
    readonly reason: 'exited' | 'timeout' | 'stopped',
  ) {
    super(message);
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Settles when the process behind the URL is gone: no point polling further. */
  gone: Promise<unknown>;
  /** Returns true when the runner is shutting down. */
  cancelled?: () => boolean;
}

/** Polls `url` until it answers 200; rejects when the process dies, the runner stops, or time runs out. */
export async function waitForReady(url: string, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let gone = false;
  void options.gone.then(() => {
    gone = true;
  });
  for (;;) {
    if (gone) throw new NotReadyError('exited before it was ready', 'exited');
    if (options.cancelled?.()) throw new NotReadyError('start cancelled', 'stopped');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() >= deadline) throw new NotReadyError(`not ready after ${Math.round(options.timeoutMs / 1000)} s (${url})`, 'timeout');
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
