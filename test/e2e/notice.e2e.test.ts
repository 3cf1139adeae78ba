/**
 * The 检定结果通知书 (notice of verification result) in the built app: a seeded batch of 60
 * meters whose every 20th meter failed at Q1 (two failed runs, JJG 162-2019 re-run), plus
 * one meter that failed its external examination and leaked. The notice lists exactly the
 * failed meters, each with its failed items and their values read from the stored verdict
 * (point, E of each run, MPE; the checklist key; leak), carries the certificate's facts,
 * is issued with a number of its own (stored, audited) and prints on A4.
 *
 * The browser's clock is fixed at 01:30 on 15 June 2026 in Tai'an (17:30 UTC on the 14th)
 * in a browser set to UTC: the notice's date is the Tai'an date, 2026-06-15
 * (docs/rules.md R-DATE), whatever the machine's zone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { computeSoftwareId } from '../../web/build/softwareId.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { openSeedPage } from '../support/seedPage.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

const NOW = new Date('2026-06-14T17:30:00Z');
const TAIAN_TODAY = '2026-06-15';
const enterprise = { id: 'ENT-TA-01', name: '泰安示例水表有限公司', standing: 'normal' as const, fetchedAt: NOW.toISOString() };
const active = { id: 'TA-EJ-2025-007', enterpriseId: enterprise.id, issuedOn: '2025-06-01', scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter'] } };
const BATCH = 'B-NOTICE';
const LEAKY = `${BATCH}-LEAK`;

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();

describe('the notice of verification result (检定结果通知书)', () => {
  it('lists every failed meter with its failed items and values, is issued with its own number and prints A4', async () => {
    const context = await browser().newContext({ viewport: { width: 1200, height: 1000 }, timezoneId: 'UTC' });
    await context.clock.setFixedTime(NOW);
    const seed = await openSeedPage(context, baseUrl);
    const seeded = await seed.evaluate(
      async ({ batchId, leaky, enterprise, auth }) => {
        const s = window.erjianSeed;
        const result = await s.seedBatch({ batchId, meters: 60, failEvery: 20, lastDay: '2026-06-14' });
        const db = s.openDb();
        await s.store.cacheReferenceData(db, { enterprise, authorisations: [{ ...auth, fetchedAt: enterprise.fetchedAt }] });
        // One more meter of the batch: good errors, but a broken seal and a leak.
        const device = await s.store.getOrCreateDevice(db);
        const now = () => new Date('2026-06-14T08:00:00Z');
        const session = await s.store.startSession(db, { deviceId: device.deviceId, bench: { id: 'BENCH-01', vendor: 'Demo', model: 'WMB-10', protocol: 'wmb1', method: 'weighing', uRelPct: 0.2 }, operator: '张工' }, { now });
        const written = await new s.store.OriginalRecord(db, device, { now }).appendMany([{ connectionId: 'seed-leak', sessionId: session.id, direction: 'in', text: 'MV pos=1 leak' }]);
        const base = s.fixtures.meterRecord({ Q3: 0.2, Q2: -0.3, Q1: 0.8 });
        const record = {
          ...base,
          externalExamination: { items: [{ key: 'markings', ok: true }, { key: 'seals', ok: false }] },
          ...(base.tightness === undefined ? {} : { tightness: { ...base.tightness, leak: true } }),
        };
        const software = (await db.verifications.toCollection().first())!.software;
        await s.store.recordVerifications(
          db,
          device,
          [
            {
              serial: leaky,
              batchId,
              sessionId: session.id,
              record,
              verdict: s.domain.meterVerdict(record, s.domain.defaultProfile),
              verificationDate: '2026-06-14',
              operator: '张工',
              profile: s.domain.defaultProfile,
              software,
              rawLines: [{ deviceId: device.deviceId, fromSeq: written[0]!.seq, toSeq: written[0]!.seq }],
            },
          ],
          { now },
        );
        await s.store.endSession(db, session.id, '张工', { now });
        // What the notice must show for the first failed meter: E of each valid Q1 run, rounded, and the MPE.
        const failed = (await db.verifications.where('serial').equals(`${batchId}-000020`).toArray())[0]!;
        const q1 = failed.verdict.points.Q1;
        const runs = q1.runIndices.map((i) => failed.verdict.runs[i]!).filter((r) => r.valid);
        db.close();
        return { result, q1: { errors: runs.map((r) => s.domain.roundHalfEven(r.errorPct, 2)), mpe: runs.at(-1)!.mpePct } };
      },
      { batchId: BATCH, leaky: LEAKY, enterprise, auth: active },
    );
    expect(seeded.result).toMatchObject({ meters: 60, failed: 3 });
    expect(seeded.q1.errors).toHaveLength(2);
    await seed.close();
    const page = await context.newPage();

    // From the batch to its notice.
    await page.goto(`${baseUrl}/#/batches/${BATCH}`);
    await page.getByTestId('to-notice').click();
    await page.getByTestId('notice').waitFor();
    expect(page.url()).toMatch(/#\/batches\/B-NOTICE\/notice$/);
    expect(await text(page, 'notice-title')).toBe('检定结果通知书');
    expect(await text(page, 'notice-draft')).toContain('草稿');
    expect(await text(page, 'notice-watermark')).toContain('不作为检定结果通知书');
    // The certificate's facts.
    expect(await text(page, 'notice-enterprise')).toBe(enterprise.name);
    expect(await text(page, 'notice-authorisation')).toBe(active.id);
    expect(await text(page, 'notice-institute')).toContain('法定计量检定机构');
    expect(await text(page, 'notice-batch')).toBe(BATCH);
    expect(await text(page, 'notice-model')).toBe('LXS-15E');
    expect(await text(page, 'notice-manufacturer')).toBe('示例水表有限公司');
    expect(await text(page, 'notice-verification-dates')).toMatch(/^2026-06-\d\d( – 2026-06-14)?$/);
    expect(await text(page, 'notice-regulation')).toBe('JJG 162-2019《饮用冷水水表检定规程》');
    expect(await text(page, 'notice-profile')).toBe('jjg162-2019 · 2019.2');
    expect(await text(page, 'notice-repeat-rule')).toBe('失败流量点复检一次，以复检结果为准');
    expect(await text(page, 'notice-software')).toContain(computeSoftwareId().sha256);
    expect([await text(page, 'notice-count'), await text(page, 'notice-failed')]).toEqual(['61', '4']);

    // Exactly the failed meters, with their items and values.
    const serials = await page.getByTestId('notice-meter').evaluateAll((els) => els.map((e) => e.getAttribute('data-serial')));
    expect(serials).toEqual([`${BATCH}-000020`, `${BATCH}-000040`, `${BATCH}-000060`, LEAKY]);
    const sign = (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(2)} %`;
    const q1 = page.locator(`[data-testid=notice-meter][data-serial="${BATCH}-000020"] li`);
    expect(await q1.count()).toBe(1);
    expect(await q1.getAttribute('data-point')).toBe('Q1');
    expect(await q1.textContent()).toBe(`Q1 示值误差超出最大允许误差：E = ${seeded.q1.errors.map(sign).join('、')}，MPE = ±${seeded.q1.mpe} %`);
    const leak = page.locator(`[data-testid=notice-meter][data-serial="${LEAKY}"] li`);
    expect(await leak.allTextContents()).toEqual(['外观检查不合格：封印 (seals)', '密封性试验：有渗漏']);
    expect(await page.locator(`[data-testid=notice-meter][data-serial="${LEAKY}"] .result`).textContent()).toBe('✗ 不合格');
    await page.screenshot({ path: join(screenshotDir(), 'notice.draft.zh-CN.png'), fullPage: true });

    // The certificate lists none of them, and links to the notice.
    await page.getByTestId('notice-certificate-link').click();
    await page.getByTestId('certificate').waitFor();
    expect(await page.locator('[data-testid=cert-meters] tbody tr').count()).toBe(57);
    expect(await page.locator(`[data-testid=cert-meters] tr[data-serial="${LEAKY}"]`).count()).toBe(0);
    await page.getByTestId('cert-notice-link').click();
    await page.getByTestId('notice').waitFor();

    // Issue: a number of its own and the Tai'an date (01:30 on the 15th there, the 14th in this browser's zone).
    expect(await page.evaluate(() => new Date().getDate())).toBe(14);
    await page.getByTestId('notice-approver').fill('李批准');
    await page.getByTestId('notice-issue').click();
    await page.getByTestId('notice-issued').waitFor();
    expect(await text(page, 'notice-number')).toBe(`${BATCH}-TZ01`);
    expect(await text(page, 'notice-issued-on')).toBe(TAIAN_TODAY);
    expect(await page.getByTestId('notice-watermark').count()).toBe(0);
    const stored = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('erjian');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const all = <T>(store: string) =>
        new Promise<T[]>((resolve, reject) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result as T[]);
          r.onerror = () => reject(r.error);
        });
      const docs = await all<{ id: string; status: string; document?: string; verificationIds: string[] }>('certificates');
      const audit = await all<{ action: string; target: string; actor: string; details?: { failed?: number } }>('audit');
      const outbox = await all<{ kind: string; recordId: string }>('outbox');
      db.close();
      return {
        docs: docs.map((c) => ({ id: c.id, status: c.status, document: c.document, n: c.verificationIds.length })),
        audit: audit.filter((a) => a.action === 'notice.issued').map((a) => ({ target: a.target, actor: a.actor, failed: a.details?.failed })),
        outbox: outbox.filter((o) => o.kind === 'certificate').map((o) => o.recordId),
      };
    });
    expect(stored).toEqual({
      docs: [{ id: `${BATCH}-TZ01`, status: 'issued', document: 'notice', n: 4 }],
      audit: [{ target: `${BATCH}-TZ01`, actor: '李批准', failed: 4 }],
      outbox: [`${BATCH}-TZ01`],
    });

    // A4 print: only the document, the notice's number in the footer.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('notice-print').isVisible()).toBe(false);
    expect(await page.getByTestId('app-title').isVisible()).toBe(false);
    await page.screenshot({ path: join(screenshotDir(), 'notice.print.zh-CN.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    writeFileSync(join(screenshotDir(), 'notice.zh-CN.pdf'), pdf);
    const raw = pdf.toString('latin1');
    expect((raw.match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThanOrEqual(1);
    // A4 is 595 × 842 pt
    for (const box of raw.match(/\/MediaBox\s*\[[^\]]*\]/g) ?? []) expect(box).toMatch(/\[\s*0 0 595\.\d+ 84[12]\.\d+\s*\]/);
    await page.emulateMedia({ media: 'screen' });

    // English: the same items, worded in English.
    await page.getByTestId('lang-switch').click();
    expect(await text(page, 'notice-title')).toBe('Notice of verification result');
    expect(await q1.textContent()).toBe(`Indication error at Q1 outside the MPE: E = ${seeded.q1.errors.map(sign).join(', ')}, MPE = ±${seeded.q1.mpe} %`);
    expect(await leak.allTextContents()).toEqual(['External examination failed: seals', 'Tightness: leak']);
    await page.screenshot({ path: join(screenshotDir(), 'notice.en.png'), fullPage: true });
    await page.getByTestId('lang-switch').click();

    // The certificate names the notice it refers the failed meters to.
    await page.getByTestId('notice-certificate-link').click();
    await page.getByTestId('certificate').waitFor();
    expect(await text(page, 'cert-failed-note')).toBe(`本批次不合格水表 4 台不列入本证书，另出具检定结果通知书（编号 ${BATCH}-TZ01）。`);
    await context.close();
  });
});
