import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEPARTMENT_NAMES } from '@hkp/departments';

/**
 * schema/approvals.json: breaking changes a department has decided to ship, each with its reason.
 * A release moves the approvals it used into the changelog.
 */
export const approvalSchema = z.strictObject({
  /** The schema coordinate, as the check prints it: `Region.areaName`, or an event field's path: `snapshot.title`. */
  coordinate: z.string().min(1),
  /** The change, as the check prints it: `FIELD_REMOVED`. */
  change: z.string().regex(/^[A-Z_]+$/, 'a change type such as FIELD_REMOVED'),
  /**
   * Only in this schema (`api`, `api-<contract>`, a department, or an event: `events/measure-changed`);
   * every schema when left out.
   */
  schema: z.string().min(1).optional(),
  reason: z.string().trim().min(10, 'say why, in a sentence clients can read in the changelog'),
  /** The department that owns the change and approved it. */
  department: z.enum(DEPARTMENT_NAMES as [string, ...string[]]),
  approvedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
});
export type Approval = z.infer<typeof approvalSchema>;

export const approvalsPath = (root: string) => join(root, 'schema', 'approvals.json');

export function readApprovals(root: string): Approval[] {
  const path = approvalsPath(root);
  if (!existsSync(path)) return [];
  const parsed = z.array(approvalSchema).safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - [${i.path.join('.')}] ${i.message}`).join('\n');
    throw new Error(`schema/approvals.json is not valid:\n${problems}`);
  }
  return parsed.data;
}

export function writeApprovals(root: string, approvals: readonly Approval[]): void {
  writeFileSync(approvalsPath(root), `${JSON.stringify(approvals, null, 2)}\n`);
}

export function approvalFor(
  approvals: readonly Approval[],
  change: { schema: string; coordinate: string; type: string },
): Approval | undefined {
  return approvals.find(
    (a) => a.coordinate === change.coordinate && a.change === change.type && (a.schema === undefined || a.schema === change.schema),
  );
}
