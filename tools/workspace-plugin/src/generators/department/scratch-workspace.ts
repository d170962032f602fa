// A copy of this workspace in a temporary folder, to run the department generator on without
// touching the checkout: the files git knows of (tracked, and new ones that are not ignored) as they
// are on disk, node_modules linked, and a commit of its own so `git status` shows what the
// generator changed.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface ScratchWorkspace {
  root: string;
  /** Runs a command in the copy; its output, or an error with its output. */
  run(command: string, args: string[], env?: NodeJS.ProcessEnv): string;
  /** The paths `git status` reports as changed or new since the copy was made. */
  changedPaths(): string[];
  remove(): void;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=scratch', '-c', 'user.email=scratch@localhost', ...args], { cwd, encoding: 'utf8' });

export function copyWorkspace(workspace: string): ScratchWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'hkp-scratch-'));
  const files = git(workspace, 'ls-files', '-z', '--cached', '--others', '--exclude-standard')
    .split('\0')
    // A file deleted but not yet committed is listed by git and absent on disk; node_modules is linked
    // below (git lists it when it is itself a link, which `node_modules/` in .gitignore does not match).
    .filter((file) => file && !/^(node_modules|\.data|\.nx|dist)(\/|$)/.test(file) && existsSync(join(workspace, file)));
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(workspace, file), join(root, file));
  }
  symlinkSync(join(workspace, 'node_modules'), join(root, 'node_modules'), 'dir');
  git(root, 'init', '--quiet');
  git(root, 'add', '--all');
  git(root, 'commit', '--quiet', '--no-verify', '-m', 'the workspace as copied');

  return {
    root,
    run(command, args, env = process.env) {
      try {
        return execFileSync(command, args, { cwd: root, env, encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
        throw new Error(`${command} ${args.join(' ')} failed in ${root}:\n${stdout}\n${stderr}`);
      }
    },
    changedPaths: () =>
      git(root, 'status', '--porcelain', '--untracked-files=all')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.slice(3))
        .sort(),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface Launched {
  child: ChildProcess;
  /** Everything it printed so far (for failure messages). */
  output(): string;
  /** SIGTERM, then SIGKILL to its process group after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `node <entry>` in `cwd` as a process group of its own and resolves once a line of its
 * output matches `ready`; rejects with its output when it exits first or `timeoutMs` passes.
 */
export function launch(cwd: string, entry: string, env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs: number): Promise<Launched> {
  const child = spawn(process.execPath, [entry], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const launched: Launched = {
    child,
    output: () => output,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void launched.stop(1000);
      reject(new Error(`${entry} was not ready within ${timeoutMs / 1000} s. Its output:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(launched);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${signal ?? code}) before it was ready. Its output:\n${output}`));
    });
  });
}
