/**
 * The sync server as a process of its own, for tests that must kill it (SIGKILL) and start it
 * again on the same data dir. It is `sync-server/src/main.ts` — the same `parseConfig` flags
 * and `startServer` — with one difference: the clock is an input (`--clock <ISO instant>`,
 * frozen), because no test reads the wall clock; the demo's authorisation and the
 * re-verification's time checks depend on the server's date (docs/sync.md "What the server
 * trusts", "First admin and the demo").
 *
 * It prints `listening <url>` once it answers, so the parent learns a port-0 server's port.
 * No signal handlers: a SIGKILL is what is being tested.
 *
 *   node --import tsx test/sync/process/clockedServer.ts --clock 2026-11-27T06:00:00Z --port 0 --data DIR --dist DIR
 */
import { parseConfig } from '../../../sync-server/src/config.ts';
import { startServer } from '../../../sync-server/src/server.ts';

const args = process.argv.slice(2);
const at = args.indexOf('--clock');
if (at < 0 || !args[at + 1] || Number.isNaN(Date.parse(args[at + 1]!))) {
  console.error('--clock <ISO instant> is required');
  process.exit(2);
}
const now = new Date(args[at + 1]!);
args.splice(at, 2);

const running = await startServer({ config: parseConfig(args), clock: () => now });
console.log(`listening ${running.url}`);
