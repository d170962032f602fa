/**
 * The usual department mapper: the named fields the input gives (null clears one) replace those
 * of `current`; every other key of `current` is kept.
 */
export function mergeDetails<D extends object>(
  current: Record<string, unknown>,
  input: Partial<D>,
  fields: readonly (keyof D & string)[],
): Record<string, unknown> {
  const details: Record<string, unknown> = { ...current };
  for (const field of fields) {
    const value = input[field];
    if (value === undefined) continue;
    if (value === null) delete details[field];
    else details[field] = value;
  }
  return details;
}
