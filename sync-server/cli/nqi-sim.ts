/**
 * `npm run nqi-sim -- [--port 8090] [options]`: the NQI platform simulator standalone
 * (docs/nqi.md "The simulator"), for a sync server started with `--nqi-url http://127.0.0.1:8090`.
 * Prints one JSON line `{"event":"ready","url":...}` when it listens; runs until SIGINT / SIGTERM.
 * Its switches can be changed while it runs: POST /_sim/switches {"outage":"unavailable"}.
 */
import { parseArgs } from 'node:util';
import { startNqiSimulator } from '../src/nqi/simulator.ts';
import { runCli, UsageError } from './cliRun.ts';

const USAGE = `Usage: npm run nqi-sim -- [--port N] [options]

  --host H          address to listen on (default 127.0.0.1)
  --port N          port (default 8090; 0 picks a free one)
  --latency MS      every answer waits MS milliseconds (default 0)
  --error-rate X    fraction of writes answered 503, 0–1 (default 0)
  --duplicates      ignore Idempotency-Key: a replayed create is stored twice
  --seed N          PRNG seed of the error rate (default 1)
  --state FILE      keep the records in FILE across restarts (default: memory only)
  --help            this text
`;

function number(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number ${min}–${max}, got ${text}`);
  return n;
}

runCli(async (argv) => {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        latency: { type: 'string' },
        'error-rate': { type: 'string' },
        duplicates: { type: 'boolean' },
        seed: { type: 'string' },
        state: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const sim = await startNqiSimulator({
    host: values.host ?? '127.0.0.1',
    port: number('port', values.port, 8090, 0, 65535),
    latencyMs: number('latency', values.latency, 0, 0, 600_000),
    errorRate: number('error-rate', values['error-rate'], 0, 0, 1),
    duplicates: values.duplicates ?? false,
    seed: number('seed', values.seed, 1, 0, 2 ** 32 - 1),
    ...(values.state ? { stateFile: values.state } : {}),
  });
  process.stdout.write(`${JSON.stringify({ event: 'ready', url: sim.url })}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  return 0;
});
