// Starts a real cartable server for a test file: its own data directory,
// a free port, the demo world, and on PostgreSQL (when CARTABLE_TEST_PG is
// set by scripts/check.sh) its own fresh database. stop() sends SIGTERM,
// waits for a clean exit and fails if the sanitizers reported anything.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(new URL('../..', import.meta.url).pathname);

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

// A fresh PostgreSQL database on the throwaway server, or null on SQLite.
function freshDatabase() {
  const base = process.env.CARTABLE_TEST_PG;
  if (!base) return null;
  const name = `t_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  execFileSync('psql', [base, '-qc', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  return base.replace(/\/postgres\?/, `/${name}?`);
}

export async function startServer({ demo = true, env = {}, args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cartable-test-'));
  const port = await freePort();
  const bin = resolve(root, process.env.CARTABLE_BIN || 'build/asan/cartable');
  const database = freshDatabase();
  const argv = ['serve', '--port', String(port), '--data-dir', dir, ...args];
  if (demo) argv.push('--demo');
  if (database) argv.push('--database', database);
  const logFile = join(dir, 'server.log');
  let log = '';
  const proc = spawn(bin, argv, {
    cwd: root,
    env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((ok) => proc.on('exit', (code, signal) => ok({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      const r = await fetch(url + '/robots.txt');
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return {
    url, port, dir, database, proc,
    log: () => log,
    async stop({ keep = false } = {}) {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const { code, signal } = await exited;
      // sanitizer reports, and writes made while reading rows (db.c logs them)
      const bad = /ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|db: a write while rows/.test(log);
      if (!keep) rmSync(dir, { recursive: true, force: true });
      if (bad || code !== 0) {
        throw new Error(`server exit code=${code} signal=${signal}${bad ? ' with a sanitizer report or a db error' : ''}:\n${log.slice(-6000)}`);
      }
    },
  };
}

export { root };
