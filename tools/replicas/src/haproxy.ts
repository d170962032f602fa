import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, type RunningProcess } from '@hkp/processes';

/** One balanced service: where the balancer listens, and its replicas' ports. */
export interface BalancedService {
  name: string;
  /** Port the balancer listens on for this service. */
  port: number;
  replicaPorts: number[];
  /** Answers 200 once a replica can take traffic. */
  healthPath: string;
}

export const INSTALL_HINT = 'HAProxy is not installed. On Debian or Ubuntu: apt-get update && apt-get install -y haproxy';

/** The installed HAProxy's version line, or null when there is none. */
export function haproxyVersion(): string | null {
  const result = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  return result.stdout.split('\n')[0]?.trim() ?? null;
}

/**
 * The balancer's configuration. Every request that fails before it reached a replica (connection
 * refused: the replica is dead) is sent to the other one (`retries`, `option redispatch 1`). A
 * request that reached a replica which then died or answered 502/503/504 is resent to another
 * (`retry-on`), unless its body may hold a mutation: a GraphQL write that reached a replica is
 * never resent by the balancer (only the client, with its idempotency key or expected version,
 * may decide to send it again). Reads are POSTs, so the rule looks at the body
 * (`option http-buffer-request`); a body that contains the word "mutation" anywhere (even in a
 * string) loses the retry, which errs on the safe side. HAProxy can only resend a request it still
 * holds whole, so a body larger than a buffer is never resent either.
 */
export function haproxyConfig(services: readonly BalancedService[], statsSocket: string): string {
  const lines = [
    'global',
    '  maxconn 4096',
    `  stats socket ${statsSocket} mode 600 level admin`,
    '',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout http-request 10s',
    '  timeout queue 10s',
    '  retries 3',
    '  option redispatch 1',
    '  option http-buffer-request',
    '  retry-on conn-failure empty-response junk-response 502 503 504',
    '  default-server inter 500ms fastinter 250ms downinter 500ms fall 2 rise 2',
    '',
  ];
  for (const service of services) {
    lines.push(
      `frontend ${service.name}`,
      `  bind 127.0.0.1:${service.port}`,
      '  option forwardfor',
      '  acl may_write req.body -m sub -i mutation',
      '  http-request disable-l7-retry if METH_POST may_write',
      `  default_backend ${service.name}-replicas`,
      '',
      `backend ${service.name}-replicas`,
      '  balance roundrobin',
      `  option httpchk GET ${service.healthPath}`,
      ...service.replicaPorts.map((port, i) => `  server ${service.name}-${i + 1} 127.0.0.1:${port} check`),
      '',
    );
  }
  return lines.join('\n');
}

export interface Balancer {
  configPath: string;
  process: RunningProcess;
  /** Per backend: retries and redispatches HAProxy made, from its stats socket. */
  stats(): Promise<Map<string, { retries: number; redispatches: number; failedResponses: number; up: number }>>;
  stop(): Promise<void>;
}

/** Writes the configuration, checks it (`haproxy -c`) and runs HAProxy in the foreground as our child. */
export async function startBalancer(services: readonly BalancedService[], dir: string, logDir: string): Promise<Balancer> {
  const configPath = join(dir, 'haproxy.cfg');
  const statsSocket = join(dir, 'haproxy.sock');
  writeFileSync(configPath, haproxyConfig(services, statsSocket));
  const check = spawnSync('haproxy', ['-c', '-q', '-f', configPath], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`haproxy -c refused ${configPath}:\n${check.stdout}${check.stderr}`);
  const running = startProcess({ name: 'haproxy', command: 'haproxy', args: ['-db', '-f', configPath], env: process.env, logDir });
  const stats = async () => {
    const csv = await socketCommand(statsSocket, 'show stat\n');
    const [header, ...rows] = csv.trim().split('\n');
    const columns = (header ?? '').replace(/^# /, '').split(',');
    const at = (row: string[], name: string) => Number(row[columns.indexOf(name)] || 0);
    const result = new Map<string, { retries: number; redispatches: number; failedResponses: number; up: number }>();
    for (const line of rows) {
      const row = line.split(',');
      if (row[1] !== 'BACKEND') continue;
      result.set(row[0]!.replace(/-replicas$/, ''), {
        retries: at(row, 'wretr'),
        redispatches: at(row, 'wredis'),
        failedResponses: at(row, 'eresp'),
        up: at(row, 'act'),
      });
    }
    return result;
  };
  return { configPath, process: running, stats, stop: () => running.stop(5000) };
}

function socketCommand(path: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (out += chunk));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
    socket.write(command);
  });
}
