/**
 * Start and SIGKILL the sync server as a child process (test/sync/process/clockedServer.ts),
 * and a TCP relay in front of it that can kill it at a chosen byte of a push: the client keeps
 * one address (the relay's) while the server behind it dies and comes back on the same data dir.
 * Every wait is bounded (test/support/bounded.ts); children are stopped by their PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { until, within } from '../../support/bounded.ts';

const root = resolve(import.meta.dirname, '../../..');

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  /** SIGKILL by PID; resolves once the process is gone */
  kill(): Promise<void>;
}

export interface ServerOptions {
  dataDir: string;
  /** the server's frozen clock (ISO instant) */
  clock: string;
  firstAdmin?: string;
}

/** The server as its own process on 127.0.0.1 port 0, demo on (the demo enterprise and its one-click code). */
export async function startServerProcess(options: ServerOptions): Promise<ServerProcess> {
  const dist = join(options.dataDir, '..', 'dist');
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>bench</title>');
  writeFileSync(join(dist, 'lookup.html'), '<!doctype html><title>lookup</title>');
  const args = ['--import', 'tsx', join(root, 'test/sync/process/clockedServer.ts'), '--clock', options.clock, '--port', '0', '--host', '127.0.0.1', '--data', options.dataDir, '--dist', dist, '--log-level', 'warn'];
  if (options.firstAdmin) args.push('--first-admin', options.firstAdmin);
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ERJIAN_NO_DEMO: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the sync server process did not start');
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const gone = new Promise<void>((done) => child.once('exit', () => done()));
  const kill = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(pid, 'SIGKILL');
    await within(`the sync server (pid ${pid}) exiting after SIGKILL`, 10_000, gone);
  };
  try {
    const url = await until<string>('the sync server process printing its address', 60_000, (found, failed) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening (http:\/\/[^\s]+)/.exec(out);
        if (m) found(m[1]!);
      });
      child.once('exit', (code, signal) => failed(new Error(`the sync server exited (${code ?? signal}) before it listened: ${stderr}`)));
    });
    return { child, pid, url, port: Number(new URL(url).port), kill };
  } catch (err) {
    await kill();
    throw err;
  }
}

/** Where a relay kills the server during the n-th push it relays (counted from `arm`). */
export type KillPoint =
  /** after this many bytes of the push's body reached the server: the page is cut mid-body */
  | { push: number; at: 'mid-body'; fraction: number }
  /** this long after the whole push reached the server: during re-verification or the transaction, or just after */
  | { push: number; at: 'after-body'; delayMs: number }
  /** when the server's answer starts: the server has stored the page, the client never hears it */
  | { push: number; at: 'answer' };

export interface Relay {
  url: string;
  /** forward new connections to this server (after a restart) */
  setTarget(target: ServerProcess): void;
  /** kill the target at this point of the pushes to come (counted from now); `killed` resolves when it did */
  arm(point: KillPoint): { killed: Promise<void> };
  close(): Promise<void>;
}

interface Conn {
  client: Socket;
  upstream: Socket;
  /** the push under way on this connection: its number, bytes relayed, and its length (request line to the body's end) */
  push: { n: number; sent: number; total: number; timer: boolean } | null;
}

/** A TCP relay on 127.0.0.1 port 0. */
export async function startRelay(): Promise<Relay> {
  let target: ServerProcess | null = null;
  let plan: { point: KillPoint; fire: () => void } | null = null;
  /** once a kill is decided nothing more is relayed, either way: the machine is gone */
  let killing = false;
  let pushes = 0;
  const conns = new Set<Conn>();
  const killNow = (): void => {
    const p = plan;
    const t = target;
    if (!p || !t || killing) return;
    killing = true;
    plan = null;
    void t.kill().then(() => {
      // the client hears the connection drop, as when the server's machine dies
      for (const c of conns) c.client.destroy();
      p.fire();
    });
  };
  const armed = (conn: Conn): KillPoint | null => (conn.push && plan && plan.point.push === conn.push.n ? plan.point : null);
  const server: Server = createServer((client) => {
    if (!target || killing) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, '127.0.0.1');
    const conn: Conn = { client, upstream, push: null };
    conns.add(conn);
    const drop = () => {
      conns.delete(conn);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => {
      if (killing) return;
      const text = chunk.toString('latin1');
      const start = text.indexOf('POST /api/sync/push ');
      if (start >= 0) {
        const headEnd = text.indexOf('\r\n\r\n', start);
        const length = /content-length:\s*(\d+)/i.exec(text.slice(start, headEnd < 0 ? undefined : headEnd));
        const total = headEnd >= 0 && length ? headEnd + 4 - start + Number(length[1]) : Number.MAX_SAFE_INTEGER;
        conn.push = { n: ++pushes, sent: -start, total, timer: false };
      }
      const point = armed(conn);
      const push = conn.push;
      if (point && push && point.at === 'mid-body') {
        const cutAt = Math.max(1, Math.floor(push.total * point.fraction));
        if (push.sent + chunk.length >= cutAt) {
          upstream.write(chunk.subarray(0, Math.max(0, cutAt - push.sent)), () => setTimeout(killNow, 50));
          push.sent = cutAt;
          return;
        }
      }
      if (push) push.sent += chunk.length;
      upstream.write(chunk);
      if (point && push && point.at === 'after-body' && push.sent >= push.total && !push.timer) {
        push.timer = true;
        setTimeout(killNow, point.delayMs);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (killing) return;
      const point = armed(conn);
      if (point) {
        // the armed push's answer never reaches the client
        if (point.at === 'answer') killNow();
        return;
      }
      conn.push = null;
      client.write(chunk);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    setTarget(next) {
      target = next;
      killing = false;
    },
    arm(point) {
      pushes = 0;
      let fire!: () => void;
      const killed = new Promise<void>((done) => (fire = done));
      plan = { point, fire };
      return { killed };
    },
    close: () =>
      new Promise<void>((done) => {
        for (const c of conns) {
          c.client.destroy();
          c.upstream.destroy();
        }
        server.close(() => done());
      }),
  };
}
