import { randomUUID } from 'node:crypto';
import { departmentByName } from '@hkp/departments';
import { sleep } from '@hkp/processes';

export const WRITER_SUBJECT = 'replica-proof-writer';
const MAX_ATTEMPTS = 30;

/** One measure the writer made and then changed once: what the database must show for it. */
export interface WrittenMeasure {
  department: string;
  id: string;
  title: string;
  /** Sends of the create (1 when the first one answered). */
  createAttempts: number;
  /** Whether a resend of the create was answered as a replay of an earlier send. */
  replayed: boolean;
  updateAttempts: number;
  /** The update was answered CONFLICT at version 2 after a send that got no answer: that send applied it. */
  updateAppliedByEarlierSend: boolean;
}

export interface WriterResult {
  measures: WrittenMeasure[];
  /** Writes given up after MAX_ATTEMPTS. */
  givenUp: string[];
  /** Sends that got no usable answer (reset, 502/503, SERVICE_UNAVAILABLE) and were sent again. */
  resends: number;
}

interface Answer {
  status: number;
  data?: Record<string, { version: number; replayed: boolean; measure: { id: string } } | null> | null;
  errors?: { message: string; extensions?: { code?: string; currentVersion?: number } }[];
}

async function send(url: string, token: string, query: string, variables: object): Promise<Answer | null> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    try {
      return { status: response.status, ...(JSON.parse(text) as Omit<Answer, 'status'>) };
    } catch {
      return { status: response.status };
    }
  } catch {
    return null;
  }
}

const FIELD = { education: 'EducationMeasure', health: 'HealthMeasure' } as const;
type WrittenDepartment = keyof typeof FIELD;

function inputOf(department: WrittenDepartment, title: string) {
  const d = departmentByName(department);
  return { title, level: 'CITY', issuer: d.body, responsibleBody: d.body, category: d.theme, regionCodes: ['440600'] };
}

/**
 * Writes like a careful client while replicas die under it: each create carries an idempotency
 * key and is sent again, with the same key and input, until it is answered; each update carries
 * its expected version and is sent again until answered, where CONFLICT at the next version after
 * an unanswered send means that send was applied. Alternates education and health until stopped.
 */
export function startWriter(gatewayUrl: string, token: string, tag: string, clients: number) {
  const result: WriterResult = { measures: [], givenUp: [], resends: 0 };
  let stopped = false;
  let next = 0;
  // Several clients at once, so a replica killed at any moment has writes in flight.
  const client = async () => {
    while (!stopped) {
      const n = ++next;
      const department: WrittenDepartment = n % 2 === 1 ? 'education' : 'health';
      const type = FIELD[department];
      const title = `副本验证${tag}第${n}项`;
      const key = randomUUID();
      const create = `mutation ($input: Create${type}Input!, $key: String) { create${type}(input: $input, idempotencyKey: $key) { version replayed measure { id } } }`;
      let written: WrittenMeasure | undefined;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS && !written; attempt++) {
        const answer = await send(gatewayUrl, token, create, { input: inputOf(department, title), key });
        const made = answer?.data?.[`create${type}`];
        if (answer?.status === 200 && made && !answer.errors?.length) {
          written = {
            department,
            id: made.measure.id,
            title,
            createAttempts: attempt,
            replayed: made.replayed,
            updateAttempts: 0,
            updateAppliedByEarlierSend: false,
          };
        } else {
          result.resends += 1;
          await sleep(200);
        }
      }
      if (!written) {
        result.givenUp.push(`create ${title}`);
        continue;
      }
      const update = `mutation ($id: ID!, $input: Update${type}Input!) { update${type}(id: $id, expectedVersion: 1, input: $input) { version replayed measure { id } } }`;
      let unanswered = false;
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        written.updateAttempts = attempt;
        const answer = await send(gatewayUrl, token, update, { id: written.id, input: { title: `${title}（修订）` } });
        const changed = answer?.data?.[`update${type}`];
        if (answer?.status === 200 && changed && !answer.errors?.length) break;
        const conflict = answer?.errors?.find((e) => e.extensions?.code === 'CONFLICT');
        if (conflict && unanswered && conflict.extensions?.currentVersion === 2) {
          written.updateAppliedByEarlierSend = true;
          break;
        }
        if (conflict || attempt === MAX_ATTEMPTS) {
          result.givenUp.push(`update ${written.id}: ${JSON.stringify(answer?.errors ?? answer?.status ?? 'no answer').slice(0, 300)}`);
          break;
        }
        unanswered = true;
        result.resends += 1;
        await sleep(200);
      }
      result.measures.push(written);
    }
  };
  const run = Promise.all(Array.from({ length: clients }, client));
  return {
    stop: async (): Promise<WriterResult> => {
      stopped = true;
      await run;
      return result;
    },
  };
}
