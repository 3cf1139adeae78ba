/**
 * A pair of linked pseudo-terminals made by socat (docs/architecture.md, Stack notes: `socat -d -d pty,raw,echo=0,
 * link=A pty,raw,echo=0,link=B`), for a simulated bench on one end and the app on the
 * other. The caller owns socat and must `close()` it: it is killed by its own PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** the end a simulator (or PLC stand-in) opens */
  benchPath: string;
  /** the end the app opens */
  appPath: string;
  pid: number;
  close(): Promise<void>;
}

export async function openPtyPair(timeoutMs = 5000): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'erjian-pty-'));
  const benchPath = join(dir, 'bench');
  const appPath = join(dir, 'app');
  const child: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${benchPath}`, `pty,raw,echo=0,link=${appPath}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('socat did not start — is it installed (apt-get install socat)?');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(pid, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const t0 = Date.now();
  while (!(existsSync(benchPath) && existsSync(appPath))) {
    if (child.exitCode !== null || Date.now() - t0 > timeoutMs) {
      await close();
      throw new Error('socat did not create the pty pair');
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { benchPath, appPath, pid, close };
}
