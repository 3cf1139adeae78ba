import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from '../support/browser.ts';
import { openSeedPage } from '../support/seedPage.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

describe('the seed page (test support) and the start screen', () => {
  it('writes a batch into the app\'s own database through the real store API', async () => {
    const context = await browser().newContext();
    const seed = await openSeedPage(context, baseUrl);
    const r = await seed.evaluate(() => window.erjianSeed.seedBatch({ batchId: 'B-SEED', meters: 100, failEvery: 25, lastDay: '2026-11-27' }));
    expect(r).toMatchObject({ meters: 100, failed: 4, sessions: 10 });
    const counts = await seed.evaluate(async () => {
      const db = window.erjianSeed.openDb();
      const out = { verifications: await db.verifications.count(), runs: await db.runs.count(), columns: await db.batchColumnRows.count() };
      const device = await db.device.get("device");
      const integrity = await window.erjianSeed.store.verifyIntegrity(db, device!.deviceId);
      db.close();
      return { ...out, integrityOk: integrity.ok };
    });
    expect(counts).toEqual({ verifications: 100, runs: 304, columns: 100, integrityOk: true });
    // The app's start screen counts them (and they all wait for the first sync).
    const app = await context.newPage();
    await app.goto(`${baseUrl}/#/`);
    await expect.poll(() => app.getByTestId('home-verification-count').textContent()).toBe('100');
    expect(await app.getByTestId('home-batch-count').textContent()).toBe('1');
    expect(Number(await app.getByTestId('home-unsynced').textContent().then((s) => s?.replace(/[^0-9]/g, '')))).toBeGreaterThanOrEqual(100);
    await context.close();
  });
});
