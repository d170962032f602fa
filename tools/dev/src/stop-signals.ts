export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The terminal's Ctrl-C reaches the launcher twice, once directly and once forwarded by npm, within
 * milliseconds; only a signal later than this is the user asking again.
 */
export const REPEAT_WINDOW_MS = 1000;

export interface StopHandlers {
  /** The first signal: stop everything in order. */
  stop: (signal: NodeJS.Signals) => void;
  /** A second signal: stop now, without waiting for anyone. */
  force: (signal: NodeJS.Signals) => void;
}

/** Handles SIGINT, SIGTERM and SIGHUP sent to the launcher; returns a function that removes the handlers. */
export function onStopSignals(handlers: StopHandlers, repeatWindowMs = REPEAT_WINDOW_MS): () => void {
  let firstAt: number | undefined;
  const listener = (signal: NodeJS.Signals) => {
    if (firstAt === undefined) {
      firstAt = Date.now();
      handlers.stop(signal);
    } else if (Date.now() - firstAt > repeatWindowMs) {
      handlers.force(signal);
    }
  };
  for (const signal of STOP_SIGNALS) process.on(signal, listener);
  return () => {
    for (const signal of STOP_SIGNALS) process.removeListener(signal, listener);
  };
}
