/**
 * The demo (config.demo, the default of `npm start`): seeds the demo enterprise once, and
 * serves its enrolment code to the PWA demo (GET /api/demo/enrolment-code). The start
 * banner (main.ts) prints the demo people and the code, marked demo-only.
 */
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { DemoEnrolmentCode } from './enrolmentCode.ts';
import { demoPassword, demoUsers, seedDemo } from './seed.ts';

const codes = new WeakMap<AppDeps, DemoEnrolmentCode>();

export async function demoPart(app: ApiApp, deps: AppDeps): Promise<void> {
  if (!deps.config.demo) return;
  await seedDemo(deps);
  const demoCode = new DemoEnrolmentCode(deps);
  codes.set(deps, demoCode);
  app.get('/api/demo/enrolment-code', { config: { rateLimit: { max: 30, timeWindow: 60_000 } } }, async () => {
    const code = demoCode.code();
    if (!code) throw new HttpError(404, 'no-demo', 'this server has no demo enterprise');
    return code;
  });
}

/** The lines main.ts prints at start when the demo is on (null otherwise). */
export function demoBanner(deps: AppDeps): string | null {
  const demoCode = codes.get(deps);
  if (!demoCode) return null;
  const code = demoCode.code();
  return [
    '── DEMO ONLY (start with --no-demo for a real installation) ──',
    `   people: ${demoUsers.map((u) => u.username).join(', ')} — password "${demoPassword}"`,
    code ? `   enrolment code of the demo enterprise: ${code.code} (valid until ${code.expiresAt})` : '   (no demo enterprise in this database)',
  ].join('\n');
}
