/**
 * Splits a child's output stream into whole lines: chunks arrive at arbitrary boundaries, and a
 * JSON log line cut in two and prefixed twice would be unreadable.
 */
export class LineSplitter {
  private partial = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.onLine(line);
  }

  /** Emits what is left when the stream ends without a final newline. */
  flush(): void {
    if (this.partial !== '') this.onLine(this.partial);
    this.partial = '';
  }
}

/** The last few lines of a child's output, shown when it dies or never gets ready. */
export class RecentLines {
  private readonly lines: string[] = [];

  constructor(private readonly limit = 20) {}

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.shift();
  }

  all(): string[] {
    return [...this.lines];
  }
}

/** `[education]    ` – padded to the longest name so the logs line up. */
export function prefixFor(name: string, width: number): string {
  return `[${name}]`.padEnd(width + 2);
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
