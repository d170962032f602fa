import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux almost everywhere). */
export const CLOCK_TICKS: number = (() => {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
})();

export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself hold
 * spaces or parentheses, so fields are counted from the last ')'.
 */
export function parseProcStat(text: string): ProcStat {
  const close = text.lastIndexOf(')');
  const pid = Number(text.slice(0, text.indexOf(' ')));
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return { pid, ppid: Number(rest[1]), cpuTicks: Number(rest[11]) + Number(rest[12]) };
}

export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** A `Key:   123 kB` value of /proc/<pid>/status (or smaps_rollup), in bytes. */
export function parseKbField(text: string, key: string): number | null {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) * 1024 : null;
}

export interface Memory {
  /** Resident set size now. */
  rss: number;
  /** Peak resident set size since start or since the last resetPeakRss (VmHWM). */
  hwm: number;
  /** Proportional set size: shared pages divided among their users (sums without double counting). */
  pss: number | null;
}

export function readMemory(pid: number): Memory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    let pss: number | null = null;
    try {
      pss = parseKbField(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
    } catch {
      // older kernels: no smaps_rollup
    }
    return { rss: parseKbField(status, 'VmRSS') ?? 0, hwm: parseKbField(status, 'VmHWM') ?? 0, pss };
  } catch {
    return null;
  }
}

/**
 * Resets VmHWM to the current RSS (`echo 5 > /proc/<pid>/clear_refs`), so the peak read after a
 * workload is that workload's peak. Needs the right to write the file (same user or root).
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Every live process whose parent chain leads to `root` (root included). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(stat.pid);
    children.set(stat.ppid, list);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (!readProcStat(pid)) continue;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** The pid of the process listening on a TCP port of this machine, found through its socket inode. */
export function pidListeningOn(port: number): number | null {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const localPort = parseInt(cols[1]!.split(':')[1]!, 16);
      if (localPort === port && cols[3] === '0A') inodes.add(cols[9]!);
    }
  }
  if (inodes.size === 0) return null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (match && inodes.has(match[1]!)) return Number(entry);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return null;
}

/** Pins every thread of a running process to the given CPU list (`0`, `1`, `0,1`) with taskset. */
export function pinProcess(pid: number, cpus: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Busy clock ticks of the whole machine so far, summed over its cores (/proc/stat: all but idle and iowait). */
export function machineBusyTicks(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((sum, v) => sum + v, 0);
    return total - (fields[3] ?? 0) - (fields[4] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * CPU time and memory of a set of processes over an interval: CPU as a percentage of one core,
 * RSS sampled every `sampleMs` (the kernel's VmHWM is used too where it could be reset).
 */
export class ProcessMonitor {
  private readonly startTicks = new Map<number, number>();
  private readonly peakRss = new Map<number, number>();
  private readonly hwmReset = new Map<number, boolean>();
  private timer: NodeJS.Timeout | undefined;
  private started = 0;
  private machineStart = 0;

  constructor(
    private readonly groups: Record<string, () => number[]>,
    private readonly sampleMs = 200,
  ) {}

  start(): void {
    this.started = performance.now();
    this.machineStart = machineBusyTicks();
    for (const pids of Object.values(this.groups)) {
      for (const pid of pids()) {
        this.startTicks.set(pid, readProcStat(pid)?.cpuTicks ?? 0);
        this.hwmReset.set(pid, resetPeakRss(pid));
      }
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), this.sampleMs);
  }

  private sample(): void {
    for (const pids of Object.values(this.groups)) {
      for (const pid of pids()) {
        const memory = readMemory(pid);
        if (memory) this.peakRss.set(pid, Math.max(this.peakRss.get(pid) ?? 0, memory.rss));
      }
    }
  }

  /**
   * Per group: CPU % of one core over the interval, and the peak RSS in bytes (summed over the
   * group's processes). `machine` is every core's busy time, `others` what no group used (other
   * people's processes on a shared machine: a large value means the run was disturbed).
   */
  stop(): Record<string, { cpuPercent: number; peakRss: number }> {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const seconds = (performance.now() - this.started) / 1000;
    const result: Record<string, { cpuPercent: number; peakRss: number }> = {};
    for (const [name, pids] of Object.entries(this.groups)) {
      let ticks = 0;
      let peak = 0;
      for (const pid of pids()) {
        const now = readProcStat(pid)?.cpuTicks;
        // A process that appeared during the interval (a new database backend) counts from zero.
        if (now !== undefined) ticks += now - (this.startTicks.get(pid) ?? 0);
        let pidPeak = this.peakRss.get(pid) ?? 0;
        if (this.hwmReset.get(pid)) pidPeak = Math.max(pidPeak, readMemory(pid)?.hwm ?? 0);
        peak += pidPeak;
      }
      result[name] = { cpuPercent: seconds > 0 ? (ticks / CLOCK_TICKS / seconds) * 100 : 0, peakRss: peak };
    }
    const machine = seconds > 0 ? ((machineBusyTicks() - this.machineStart) / CLOCK_TICKS / seconds) * 100 : 0;
    const ours = Object.values(result).reduce((sum, r) => sum + r.cpuPercent, 0);
    result['machine'] = { cpuPercent: machine, peakRss: 0 };
    result['others'] = { cpuPercent: Math.max(0, machine - ours), peakRss: 0 };
    return result;
  }
}
