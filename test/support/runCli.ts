/** Runs one of the project's command-line tools the way a person does (tsx, project root as cwd). */
import { spawn } from 'node:child_process';
import { until } from './bounded.ts';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `script` relative to the project root, e.g. 'sync-server/cli/evaluate.ts'; stdin is closed after `stdin`. */
export function runCli(script: string, args: readonly string[], stdin = '', boundMs = 60_000): Promise<CliOutcome> {
  return until(`${script} ${args.join(' ')} exiting`, boundMs, (resolve, reject) => {
    const child = spawn(join(projectRoot, 'node_modules/.bin/tsx'), [script, ...args], { cwd: projectRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
