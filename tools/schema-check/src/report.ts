import type { CheckReport, SchemaChange, Verdict } from './check';
import type { EventSide } from './event-diff';
import type { KnownOperation } from './known-operations';

const LABEL: Record<Verdict, string> = {
  blocked: 'BREAKING, breaks known operations or event readers/writers, not approved',
  approved: 'breaking, approved',
  unused: 'breaking, no known operation uses it (ships with a notice)',
  dangerous: 'dangerous',
  safe: 'safe',
};

const SIDE: Record<EventSide, string> = {
  'old readers': 'a service still on the previous release cannot read the events the new code writes',
  'old writers': 'the new code cannot read the events a service still on the previous release writes (and those already in its outbox)',
};

const ORDER: Verdict[] = ['blocked', 'approved', 'unused', 'dangerous', 'safe'];

const seen = (o: KnownOperation) => (o.lastSeen ? `, last seen ${o.lastSeen.slice(0, 10)}` : '');
const usedBy = (o: KnownOperation) => `${o.name} (${o.client}, ${o.source}${seen(o)})`;

function line(change: SchemaChange, periodDays: number): string {
  const head = `  ${change.schema}: ${change.coordinate}: ${change.type}: ${change.message}`;
  const who = change.operations.slice(0, 10).map((o) => `      used by ${usedBy(o)}`);
  const more = change.operations.length > 10 ? [`      … and ${change.operations.length - 10} more operations`] : [];
  const reported = change.verdict === 'blocked' && change.operations.some((o) => o.lastSeen);
  const period = reported
    ? [`      usage reports of the last ${periodDays} days show it used: it can go once none does (or with an approval)`]
    : [];
  const former =
    change.verdict === 'unused' || change.verdict === 'approved'
      ? change.formerOperations
          .slice(0, 5)
          .map((o) => `      last used by ${o.name} (${o.client}) on ${o.lastSeen!.slice(0, 10)}, before the ${periodDays}-day period`)
      : [];
  const sides = (change.breaks ?? []).map((side) => `      breaks ${side}: ${SIDE[side]}`);
  const approval = change.approval
    ? [`      approved by ${change.approval.department} on ${change.approval.approvedOn}: ${change.approval.reason}`]
    : [];
  return [head, ...(change.verdict === 'safe' ? [] : [...who, ...more, ...period, ...former, ...sides]), ...approval].join('\n');
}

/** The report a person reads: changes grouped by verdict, each with its coordinate and the operations it touches. */
export function formatReport(report: CheckReport): string {
  const out: string[] = [];
  for (const verdict of ORDER) {
    const changes = report.changes.filter((c) => c.verdict === verdict);
    if (changes.length === 0) continue;
    out.push(`${LABEL[verdict]} (${changes.length}):`, ...changes.map((c) => line(c, report.deprecationPeriodDays)));
  }
  for (const d of report.deprecatedInUse) {
    out.push(`warning: ${d.coordinate} is deprecated ("${d.reason}") and still used by ${d.operations.map(usedBy).join(', ')}`);
  }
  if (report.unreleased.length > 0) out.push(`not released yet (all new): ${report.unreleased.join(', ')}`);
  for (const path of report.stale) {
    out.push(`${path} is not what the code describes: run npm run schema:check -- --write-events and commit it.`);
  }
  if (report.changes.length === 0 && report.unreleased.length === 0) out.push('No change since the released schemas.');
  const blocked = report.changes.filter((c) => c.verdict === 'blocked');
  if (blocked.some((c) => c.breaks)) {
    out.push(
      'An event change that breaks a reader or writer of the previous release: keep the field (add new ones as optional), or give the event a new schemaVersion whose readers still read the old one, or approve it in schema/approvals.json ("schema": "events/…") once every reader and writer deploys together (docs/schema-changes.md#events).',
    );
  }
  out.push(
    !report.failed
      ? `Schema check passed (${report.operationsKnown} known operations weighed).`
      : blocked.some((c) => !c.breaks)
        ? 'Schema check failed: a breaking change would break operations clients send. Keep the old field (deprecate it with @deprecated(reason:)) or approve the change in schema/approvals.json with a reason (docs/schema-changes.md).'
        : 'Schema check failed.',
  );
  return out.join('\n');
}
