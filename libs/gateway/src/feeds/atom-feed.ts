import { createHash } from 'node:crypto';

/** One change of the catalog change feed, as measureChanges answers it. */
export interface FeedChange {
  seq: string;
  measureId: string;
  department: string;
  version: number;
  kind: string;
  changedAt: string;
  measure: { title: string } | null;
}

export interface AtomPage {
  feedId: string;
  /** The changes of this page, newest first. */
  changes: FeedChange[];
  /** This page's own address. */
  selfUrl: string;
  /** The next (older) page's address, when there is one. */
  nextUrl?: string;
  /** Where a person reads a measure: `{id}` is replaced by its id. */
  measureUrl: (id: string) => string;
  /** When the feed last changed (its latest change), or now for an empty feed. */
  updated: string;
}

export const FEED_TITLE = '百县千镇万村高质量发展工程 政策措施变更 (Hundred-Thousand Project policy measures: changes)';
export const FEED_AUTHOR = '广东省百县千镇万村高质量发展工程指挥部办公室';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for XML content and attributes; characters XML 1.0 cannot hold are left out. */
export function xmlText(text: string): string {
  return text
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '',
    )
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** A name-based (version 5) UUID: an entry's id stays the same however often the feed is read. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function entry(change: FeedChange, page: AtomPage): string {
  const what = change.kind === 'ARCHIVE' ? 'Archived' : change.version === 1 ? 'New' : 'Updated';
  const title = change.measure?.title ?? change.measureId;
  return `  <entry>
    <id>urn:uuid:${uuidV5(page.feedId, change.seq)}</id>
    <title>${xmlText(`${what}: ${title}`)}</title>
    <updated>${xmlText(change.changedAt)}</updated>
    <link rel="alternate" type="text/html" href="${xmlText(page.measureUrl(change.measureId))}"/>
    <category term="${xmlText(change.department)}"/>
    <summary>${xmlText(`${change.department} measure ${change.measureId}, version ${change.version} (${change.kind}); position ${change.seq} of feed ${page.feedId}.`)}</summary>
  </entry>
`;
}

/**
 * One page of the Atom feed (RFC 4287) of the catalog's changes, newest first; older pages are
 * linked with rel="next" (RFC 5005 paging). The feed's author stands for every entry.
 */
export function renderAtomPage(page: AtomPage): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:uuid:${xmlText(page.feedId)}</id>
  <title>${xmlText(FEED_TITLE)}</title>
  <updated>${xmlText(page.updated)}</updated>
  <author><name>${xmlText(FEED_AUTHOR)}</name></author>
  <link rel="self" type="application/atom+xml" href="${xmlText(page.selfUrl)}"/>
${page.nextUrl ? `  <link rel="next" type="application/atom+xml" href="${xmlText(page.nextUrl)}"/>\n` : ''}${page.changes.map((change) => entry(change, page)).join('')}</feed>
`;
}
