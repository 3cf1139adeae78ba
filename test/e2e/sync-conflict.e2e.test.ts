/**
 * What the bench PC shows of a pull (docs/sync.md "Pull", "Conflicts") in headless Chromium
 * at 1366 × 768: a meter verified on this PC that another device verified too gets a notice
 * on its record (#/meters/<serial>) naming the other device and which record the server shows,
 * the sync screen lists the conflict, and the certificate names the institute the pull
 * brought instead of the blank line. The PC's records are made by the real store (the seed
 * page); the pull's conflict and institute are written where the sync client's `applyPull`
 * stores them (store/syncState.ts), in the pull's own shapes. The server side of a conflict
 * — two devices, both records kept, the conflict in the pull — is test/sync/conflicts.test.ts.
 * Screenshots: test-output/screens/sync-conflict-*.png (looked at).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { openSeedPage } from '../support/seedPage.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();
const OTHER_DEVICE = '9f0c6a52-3d1e-4b7a-8c2f-5e6d7a8b9c0d';
const OTHER_RECORD = 'c0ffee00-1111-4222-8333-444455556666';
const INSTITUTE = '泰安市计量测试检定所（测试）';

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(screenshotDir(), `sync-conflict-${name}.png`), fullPage });
}

describe("a pull's conflicts and institute on the bench PC", () => {
  it('shows the conflict on the meter record and the sync screen, and the institute on the certificate', async () => {
    const context = await browser().newContext({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    const seed = await openSeedPage(context, baseUrl);
    const { serial, ownRecord, deviceId } = await seed.evaluate(
      async ({ other, otherRecord, institute }) => {
        const r = await window.erjianSeed.seedBatch({ batchId: 'B-CONFLICT', meters: 20, lastDay: '2026-11-27' });
        const db = window.erjianSeed.openDb();
        const device = await db.device.get('device');
        const own = await db.verifications.where('serial').equals(r.serials.first).first();
        // What applyPull keeps of a pull that names this serial (docs/sync.md "Pull": conflicts, institution)
        await db.syncConflicts.put({ serial: r.serials.first, verificationIds: [own!.id, otherRecord], deviceIds: [device!.deviceId, other] });
        const state = await db.syncState.get('sync');
        const base = { key: 'sync' as const, enrolment: null, lastSyncAt: null, pullCursor: null, heads: null, publicBaseUrl: null, institution: null, profile: null, auditAfter: 0, lineRejection: null };
        await db.syncState.put({ ...(state ?? base), institution: institute });
        db.close();
        return { serial: r.serials.first, ownRecord: own!.id, deviceId: device!.deviceId };
      },
      { other: OTHER_DEVICE, otherRecord: OTHER_RECORD, institute: INSTITUTE },
    );
    const page = await context.newPage();

    // The meter's record: the notice names the other device, and says the server shows ITS record
    await page.goto(`${baseUrl}/#/meters/${encodeURIComponent(serial)}`);
    const notice = page.getByTestId('meter-conflict');
    await notice.waitFor({ timeout: 15_000 });
    const text = await notice.innerText();
    expect(text).toContain('另一台设备也检定了这块水表');
    expect(text).toContain(OTHER_DEVICE);
    expect(text).not.toContain(deviceId);
    const shown = page.getByTestId('meter-conflict-shown');
    expect(await shown.getAttribute('data-own')).toBe('false');
    expect(await shown.innerText()).toContain(OTHER_RECORD);
    await shoot(page, 'meter');
    // Another meter of the batch has no conflict: no notice
    await page.goto(`${baseUrl}/#/meters/${encodeURIComponent(serial.replace(/\d{6}$/, '000002'))}`);
    await page.getByTestId('meter-search').waitFor({ timeout: 15_000 });
    await page.locator('erjian-meter-header').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('meter-conflict').count()).toBe(0);

    // The sync screen lists it, this PC marked, the server's shown record marked
    await page.goto(`${baseUrl}/#/sync`);
    const row = page.locator(`[data-testid="sync-conflict-row"][data-serial="${serial}"]`);
    await row.waitFor({ timeout: 15_000 });
    const rowText = await row.innerText();
    expect(rowText).toContain(`${deviceId} · 本机`);
    expect(rowText).toContain(OTHER_DEVICE);
    expect(rowText).toContain(ownRecord);
    expect(rowText).toMatch(new RegExp(`${OTHER_RECORD}\\s*← 平台显示此条`));
    await page.locator('erjian-sync').getByText('同一出厂编号的检定冲突').scrollIntoViewIfNeeded();
    await shoot(page, 'sync');

    // The certificate names the institute the pull brought
    await page.goto(`${baseUrl}/#/batches/B-CONFLICT/certificate`);
    const institute = page.getByTestId('cert-institute');
    await institute.waitFor({ timeout: 15_000 });
    expect((await institute.innerText()).trim()).toBe(INSTITUTE);
    await institute.scrollIntoViewIfNeeded();
    await shoot(page, 'certificate');

    // In English too
    await page.goto(`${baseUrl}/#/meters/${encodeURIComponent(serial)}`);
    await notice.waitFor({ timeout: 15_000 });
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => notice.innerText()).toContain('Another device verified this meter too');
    expect(await shown.innerText()).toContain("another device's record");
    await shoot(page, 'meter-en');
    await context.close();
  });
});
