/**
 * Sets process environment variables (`undefined` removes one) for the services a test starts in
 * process, which read their configuration from it. Returns a function that puts back what was
 * there before; calling it twice is harmless.
 */
export function overrideProcessEnv(values: Record<string, string | undefined>): () => void {
  const previous = new Map(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (entries: Iterable<[string, string | undefined]>) => {
    for (const [name, value] of entries) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(Object.entries(values));
  return () => apply(previous);
}
