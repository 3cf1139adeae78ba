/**
 * `npm run demo:seed -- --meters N`: fills a running sync server (default the one `npm start`
 * runs, http://127.0.0.1:8080) with N demo meters verified on a synthetic bench PC, through
 * the real protocol: enrolled with a one-time code, signed, pushed, re-verified
 * (seed/seedDemo.ts; docs/sync.md). Then look a meter up at <server>/lookup/<serial>.
 *
 *   --meters N        how many meters (default 1000)
 *   --server URL      the sync server (default http://127.0.0.1:8080)
 *   --enterprise ID   the enterprise (default demo, made by the server's demo start)
 *   --user U --password P   its enterprise admin (default ent-admin / demo, the demo's)
 *   --seed S          the error generator's seed (default 20261130)
 *   --prefix P        serial-number prefix (default DEMO + the time, so seeds never collide)
 *   --until ISO       the instant the synthetic bench PC's last record is dated before (default now:
 *                     its sessions are dated back from it, about 70 minutes per ten meters as a
 *                     real bench runs them, and a server refuses device times after its own)
 */
import { parseArgs } from 'node:util';
import { PersonSession, ServerApiError } from './seed/serverApi.ts';
import { seedDemo } from './seed/seedDemo.ts';

const { values } = parseArgs({
  options: {
    meters: { type: 'string', default: '1000' },
    server: { type: 'string', default: 'http://127.0.0.1:8080' },
    enterprise: { type: 'string', default: 'demo' },
    user: { type: 'string', default: 'ent-admin' },
    password: { type: 'string', default: 'demo' },
    seed: { type: 'string', default: '20261130' },
    prefix: { type: 'string' },
    until: { type: 'string' },
  },
});

const meters = Number(values.meters);
if (!Number.isInteger(meters) || meters < 1) {
  console.error(`--meters must be a whole number ≥ 1, got ${values.meters}`);
  process.exit(2);
}
const baseUrl = values.server.replace(/\/+$/, '');
// Sessions are dated back from now so that every device time lies before the server's receipt.
const now = values.until === undefined ? Date.now() : Date.parse(values.until);
if (Number.isNaN(now)) {
  console.error(`--until must be an ISO 8601 instant, got ${values.until}`);
  process.exit(2);
}
const stamp = new Date(now).toISOString().replace(/\D/g, '').slice(2, 12);
try {
  const person = await PersonSession.signIn(baseUrl, values.user, values.password);
  let shown = 0;
  const result = await seedDemo({
    baseUrl,
    person,
    enterpriseId: values.enterprise,
    meters,
    until: new Date(now),
    seed: Number(values.seed),
    serialPrefix: values.prefix ?? `DEMO${stamp}`,
    batchPrefix: `DEMO-${stamp}-`,
    label: 'npm run demo:seed',
    onProgress: (p) => {
      const pct = Math.floor((100 * p.verificationsPushed) / p.meters);
      if (pct >= shown + 10 || p.verificationsPushed === p.meters) {
        shown = pct;
        process.stderr.write(`  pushed ${p.verificationsPushed} / ${p.meters} (${pct} %)\n`);
      }
    },
  });
  console.log(JSON.stringify({ ...result, start: result.start.toISOString(), refused: result.refused.length, lookup: `${baseUrl}/lookup/${result.serials.first}` }, null, 2));
  if (result.refused.length > 0) {
    console.error(`the server refused ${result.refused.length} item(s):\n${result.refused.slice(0, 20).join('\n')}`);
    process.exit(1);
  }
} catch (err) {
  // fetch() fails with a TypeError ('fetch failed') when nothing answers at the address.
  if (err instanceof ServerApiError || (err instanceof TypeError && err.message === 'fetch failed')) {
    const why = err instanceof ServerApiError ? err.message : `no answer from ${baseUrl} (${String((err as TypeError).cause ?? err.message)})`;
    console.error(`${why}\nIs the sync server running at ${baseUrl}? (npm start)`);
    process.exit(1);
  }
  throw err;
}
