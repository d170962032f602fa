/**
 * Runs `task` for each item with at most `limit` in flight, in order. The first failure rejects
 * at once and nothing new is started; the caller then shuts down what did start.
 */
export function runPool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let running = 0;
    let failed = false;
    const launch = (): void => {
      if (failed) return;
      if (next === items.length && running === 0) return resolve();
      while (running < limit && next < items.length) {
        const item = items[next++];
        running++;
        task(item).then(
          () => {
            running--;
            launch();
          },
          (error: unknown) => {
            running--;
            if (!failed) {
              failed = true;
              reject(error);
            }
          },
        );
      }
    };
    launch();
  });
}
