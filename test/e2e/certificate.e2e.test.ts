/**
 * The batch certificate and the QR labels in the built app (issue 5): a seeded batch of 60
 * meters (3 failed), the enterprise and its authorisation cached as the server would send
 * them. The certificate lists the 57 conforming meters only (the failed ones go on the
 * notice, notice.e2e.test.ts), names the enterprise that verified and the nameplate's
 * manufacturer as two fields, JJG 162-2019 by its 2019 title and the repeat rule in force.
 * Issuance works under an active authorisation and is blocked, with the reason in
 * Chinese (on screen and on the printed draft) and no issue button, under an expired,
 * suspended or revoked one, or with none; the passed meters keep their 有效期至.
 * The label QR codes are decoded here (a small decoder below, independent of the
 * library that drew them) and must give the public lookup URL of each serial.
 *
 * The browser's clock is fixed (playwright `clock.setFixedTime`) and its zone set: the
 * test never reads the wall clock or the machine's zone. "Today" is NOW's Tai'an date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { computeSoftwareId } from '../../web/build/softwareId.ts';
import { screenshotDir, useBrowser } from '../support/browser.ts';
import { openSeedPage } from '../support/seedPage.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();

/** 10:00 on 15 June 2026 in Tai'an: the browser's "now" in these tests */
const NOW = new Date('2026-06-15T02:00:00Z');
const today = '2026-06-15';
const yearsAgo = (y: number) => `${2026 - y}-06-15`;

const enterprise = { id: 'ENT-TA-01', name: '泰安示例水表有限公司', standing: 'normal' as const, fetchedAt: NOW.toISOString() };
const active = { id: 'TA-EJ-2025-007', enterpriseId: enterprise.id, issuedOn: yearsAgo(1), scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter'] } };

type Auth = typeof active & { suspensions?: { from: string }[]; revokedOn?: string };

/** A fresh context (its own IndexedDB) with a 60-meter batch and, unless `auth` is null, the cache. */
async function seeded(batchId: string, auth: Auth | null): Promise<{ context: BrowserContext; page: Page }> {
  // A zone far from Tai'an's: the dates shown must still be Tai'an's (docs/rules.md R-DATE).
  const context = await browser().newContext({ viewport: { width: 1200, height: 1000 }, timezoneId: 'America/Los_Angeles' });
  await context.clock.setFixedTime(NOW);
  const seed = await openSeedPage(context, baseUrl);
  const r = await seed.evaluate(
    async ({ batchId, lastDay, enterprise, auth }) => {
      const result = await window.erjianSeed.seedBatch({ batchId, meters: 60, failEvery: 20, lastDay });
      if (auth !== null) {
        const db = window.erjianSeed.openDb();
        await window.erjianSeed.store.cacheReferenceData(db, { enterprise, authorisations: [{ ...auth, fetchedAt: enterprise.fetchedAt }] });
        db.close();
      }
      return result;
    },
    { batchId, lastDay: today, enterprise, auth },
  );
  expect(r).toMatchObject({ meters: 60, failed: 3 });
  await seed.close();
  return { context, page: await context.newPage() };
}

async function openCertificate(page: Page, batchId: string): Promise<void> {
  await page.goto(`${baseUrl}/#/batches/${batchId}/certificate`);
  await page.getByTestId('certificate').waitFor();
}

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
/** The label printed before a field's value. */
const label = async (page: Page, testId: string) => ((await page.getByTestId(testId).first().evaluate((e) => e.previousElementSibling?.textContent)) ?? '').trim();
const isoDay = /^\d{4}-\d\d-\d\d$/;

describe('the batch certificate', () => {
  it('shows every field under an active authorisation, issues (certificate + audit entry stored) and prints A4', async () => {
    const { context, page } = await seeded('B-CERT', active);
    await openCertificate(page, 'B-CERT');
    expect(await text(page, 'cert-title')).toBe('检定证书');
    // the enterprise that verified and the nameplate's manufacturer: two fields, each saying what it is
    expect(await text(page, 'cert-enterprise')).toBe(enterprise.name);
    expect(await label(page, 'cert-enterprise')).toBe('检定单位（授权企业）');
    expect(await label(page, 'cert-manufacturer')).toBe('制造单位');
    expect(await text(page, 'cert-authorisation')).toBe(active.id);
    expect(await text(page, 'cert-authorisation-validity')).toMatch(new RegExp(`^${active.issuedOn} – \\d{4}-\\d\\d-\\d\\d$`));
    expect(await text(page, 'cert-institute')).toContain('法定计量检定机构');
    expect(await text(page, 'cert-meter-name')).toBe('冷水水表');
    expect(await text(page, 'cert-model')).toBe('LXS-15E');
    expect(await text(page, 'cert-dn')).toBe('DN15');
    expect(await text(page, 'cert-q3')).toBe('2.5 m³/h');
    expect(await text(page, 'cert-r')).toBe('R100');
    expect(await text(page, 'cert-class')).toBe('2 级');
    expect(await text(page, 'cert-manufacturer')).toBe('示例水表有限公司');
    expect(await text(page, 'cert-batch')).toBe('B-CERT');
    expect(await text(page, 'cert-regulation')).toBe('JJG 162-2019《饮用冷水水表检定规程》');
    expect(await text(page, 'cert-profile')).toBe('jjg162-2019 · 2019.2');
    expect(await text(page, 'cert-repeat-rule')).toBe('失败流量点复检一次，以复检结果为准');
    expect(await text(page, 'cert-software')).toContain(computeSoftwareId().sha256);
    // Benches with U and the ≤ MPE/5 judgement (class 2: 2 % / 5 = 0.4 %).
    const benches = await page.getByTestId('cert-bench').allTextContents();
    expect(benches).toHaveLength(2);
    for (const b of benches) expect(b.replace(/\s+/g, ' ')).toMatch(/BENCH-0[12] Demo WMB-10 称重法 0\.2 % 0\.4 % ✓ 符合/);
    expect([await text(page, 'cert-count'), await text(page, 'cert-passed'), await text(page, 'cert-failed')]).toEqual(['60', '57', '3']);
    // The meter list: the 57 conforming meters only; the failed ones are on the notice.
    const rows = page.locator('[data-testid=cert-meters] tbody tr');
    expect(await rows.count()).toBe(57);
    for (const serial of ['B-CERT-000020', 'B-CERT-000040', 'B-CERT-000060']) expect(await page.locator(`[data-testid=cert-meters] tr[data-serial="${serial}"]`).count()).toBe(0);
    expect(await page.locator('[data-testid=cert-meters] .result').allTextContents()).toEqual(Array<string>(57).fill('✓ 合格'));
    const passed = page.locator('[data-testid=cert-meters] tr[data-serial="B-CERT-000001"]');
    expect(await passed.locator('.valid').textContent()).toMatch(isoDay);
    expect(await text(page, 'cert-failed-note')).toContain('本批次不合格水表 3 台不列入本证书，另出具检定结果通知书');
    expect(await page.getByTestId('cert-notice-link').getAttribute('href')).toBe('#/batches/B-CERT/notice');
    expect(await page.getByTestId('cert-blocked').count()).toBe(0);
    expect(await text(page, 'cert-draft')).toContain('草稿');
    expect(await text(page, 'cert-watermark')).toContain('不作为检定证书');
    await page.screenshot({ path: join(screenshotDir(), 'certificate.draft.zh-CN.png'), fullPage: true });

    // Issue: the approver's name, then the button; the number appears and print is offered.
    expect(await page.getByTestId('cert-issue').isDisabled()).toBe(true);
    await page.getByTestId('cert-approver').fill('李批准');
    await page.getByTestId('cert-issue').click();
    await page.getByTestId('cert-issued').waitFor();
    expect(await text(page, 'cert-number')).toBe('B-CERT-01');
    expect(await text(page, 'cert-issued-on')).toBe(today);
    expect(await page.getByTestId('cert-watermark').count()).toBe(0);
    expect(await page.getByTestId('cert-issue').count()).toBe(0);
    expect(await page.getByTestId('cert-print').count()).toBe(1);
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
      const certificates = await all<{ id: string; status: string; issuedBy: string; verificationIds: string[] }>('certificates');
      const audit = await all<{ action: string; target: string; actor: string; details?: { issued?: number } }>('audit');
      db.close();
      return {
        certificates: certificates.map((c) => ({ id: c.id, status: c.status, issuedBy: c.issuedBy, n: c.verificationIds.length })),
        audit: audit.filter((a) => a.action === 'certificate.issued').map((a) => ({ target: a.target, actor: a.actor, issued: a.details?.issued })),
      };
    });
    expect(stored).toEqual({
      certificates: [{ id: 'B-CERT-01', status: 'issued', issuedBy: '李批准', n: 57 }],
      audit: [{ target: 'B-CERT-01', actor: '李批准', issued: 57 }],
    });

    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(screenshotDir(), 'certificate.print.zh-CN.png'), fullPage: true });
    expect(await page.getByTestId('cert-print').isVisible()).toBe(false);
    expect(await page.getByTestId('app-title').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4' });
    writeFileSync(join(screenshotDir(), 'certificate.zh-CN.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(2);
    await page.emulateMedia({ media: 'screen' });

    // English switch: the same fields, each still saying what it is.
    await page.getByTestId('lang-switch').click();
    expect(await text(page, 'cert-title')).toBe('Verification certificate');
    expect(await label(page, 'cert-enterprise')).toBe('Verified by (authorised enterprise)');
    expect(await label(page, 'cert-manufacturer')).toBe('Manufacturer (nameplate)');
    expect(await text(page, 'cert-regulation')).toBe('JJG 162-2019 Verification Regulation of Cold Potable Water Meters');
    expect(await text(page, 'cert-repeat-rule')).toBe('A failed flow point is re-run once; the re-run decides');
    await page.screenshot({ path: join(screenshotDir(), 'certificate.en.png'), fullPage: true });
    await page.getByTestId('lang-switch').click();
    await context.close();
  });

  it.each([
    ['expired', { ...active, issuedOn: yearsAgo(4) }, 'authorisation-expired', '已过期'],
    ['suspended', { ...active, suspensions: [{ from: today }] }, 'authorisation-suspended', '已暂停'],
    ['revoked', { ...active, revokedOn: today }, 'authorisation-revoked', '已撤销'],
    ['missing', null, 'no-authorisation', '本机没有授权信息'],
  ])('is blocked, with the reason in Chinese and no issue button, when the authorisation is %s', async (name, auth, code, words) => {
    const batchId = `B-BLK-${name}`;
    const { context, page } = await seeded(batchId, auth);
    await openCertificate(page, batchId);
    await page.getByTestId('cert-blocked').waitFor();
    const reason = page.locator(`[data-testid=cert-block][data-code="${code}"]`);
    expect(await reason.textContent()).toContain(words);
    expect(await page.getByTestId('cert-issue').count()).toBe(0);
    expect(await page.getByTestId('cert-print').count()).toBe(0);
    // A blocked issue is said by the blocking notice, not inside the meters' data: every
    // passed meter keeps its 有效期至.
    const valid = await page.locator('[data-testid=cert-meters] .valid').allTextContents();
    expect(valid).toHaveLength(57);
    for (const v of valid) expect(v).toMatch(isoDay);
    if (auth === null) expect(await text(page, 'cert-enterprise')).toBe('（本机没有企业信息）');
    if (name === 'suspended') {
      // suspended from today: the meters verified today are named as not coverable, outside their rows
      const excluded = await text(page, 'cert-excluded');
      expect(excluded).toMatch(/^以下合格水表检定当日授权无效，不能列入本证书：/);
      expect(excluded).toContain(`${batchId}-000059`);
      expect(excluded).not.toContain(`${batchId}-000001`);
      await page.screenshot({ path: join(screenshotDir(), 'certificate.blocked.zh-CN.png'), fullPage: false });
      // the printed draft says why too
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByTestId('cert-blocked').isVisible()).toBe(true);
      writeFileSync(join(screenshotDir(), 'certificate.blocked.zh-CN.pdf'), await page.pdf({ format: 'A4' }));
      await page.emulateMedia({ media: 'screen' });
    }
    // No labels either.
    await page.goto(`${baseUrl}/#/batches/${batchId}/labels`);
    await page.getByTestId('labels-blocked').waitFor();
    expect(await page.getByTestId('label').count()).toBe(0);
    await context.close();
  });
});

describe('the labels', () => {
  it('label every passed meter with a QR code of its public lookup URL; a failed meter has none', async () => {
    const { context, page } = await seeded('B-LBL', active);
    await page.goto(`${baseUrl}/#/batches/B-LBL/labels`);
    await page.getByTestId('labels-sheet').waitFor();
    expect(await text(page, 'labels-count')).toBe('可出具标签 57 枚');
    expect(await page.getByTestId('label').count()).toBe(24);
    await page.locator('[data-testid=label-qr] svg').nth(23).waitFor();
    const origin = new URL(baseUrl).origin;
    for (const i of [0, 7, 23]) {
      const label = page.getByTestId('label').nth(i);
      const serial = await label.getAttribute('data-serial');
      const svg = await label.locator('[data-testid=label-qr]').innerHTML();
      expect(decodeQrSvg(svg)).toEqual({ text: `${origin}/lookup/${serial}`, ecl: 'M' });
    }
    // The failed meters (every 20th) are listed with the reason, never labelled, on any page.
    const serials: string[] = [];
    for (let p = 0; p < 3; p++) {
      serials.push(...(await page.getByTestId('label').evaluateAll((els) => els.map((e) => e.getAttribute('data-serial') ?? ''))));
      if (p < 2) {
        await page.getByTestId('labels-next').click();
        await page.getByTestId('labels-page').filter({ hasText: `第 ${p + 2} / 3 页` }).waitFor();
      }
    }
    expect(serials).toHaveLength(57);
    expect(serials).not.toContain('B-LBL-000020');
    const unlabelled = page.locator('[data-testid=unlabelled][data-serial="B-LBL-000020"]');
    expect(await unlabelled.textContent()).toContain('不合格，不得出具标签');
    await page.goto(`${baseUrl}/#/batches/B-LBL/certificate`);
    await page.goto(`${baseUrl}/#/batches/B-LBL/labels`);
    await page.locator('[data-testid=label-qr] svg').nth(23).waitFor();
    await page.screenshot({ path: join(screenshotDir(), 'labels.zh-CN.png'), fullPage: true });
    // Several sheets at once for printing: every passed meter, one A4 page per 24 labels.
    await page.getByTestId('labels-span').selectOption('5');
    await page.locator('[data-testid=label-qr] svg').nth(56).waitFor();
    expect(await page.getByTestId('labels-sheet').count()).toBe(3);
    expect(await page.getByTestId('label').count()).toBe(57);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    writeFileSync(join(screenshotDir(), 'labels.zh-CN.pdf'), pdf);
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(3);
    await page.screenshot({ path: join(screenshotDir(), 'labels.print.zh-CN.png'), fullPage: true });
    await context.close();
  });

  it('the decoder below can fail: another URL does not decode to the expected one', async () => {
    const QRCode = (await import('qrcode')).default;
    const svg = await QRCode.toString('http://127.0.0.1:1/lookup/OTHER', { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    expect(decodeQrSvg(svg).text).toBe('http://127.0.0.1:1/lookup/OTHER');
    const high = await QRCode.toString('http://x/lookup/A', { type: 'svg', errorCorrectionLevel: 'H', margin: 1 });
    expect(decodeQrSvg(high)).toEqual({ text: 'http://x/lookup/A', ecl: 'H' });
  });
});

// ---------------------------------------------------------------------------------------
// A minimal QR decoder for clean, library-drawn symbols (ISO/IEC 18004, versions 1–6,
// numeric, alphanumeric and byte segments): reads the SVG path into a module matrix, the format information, unmasks,
// reads the codewords in the standard zig-zag, de-interleaves the blocks and reads the
// byte segment. No error correction: a drawn symbol has no errors.

type Ecl = 'L' | 'M' | 'Q' | 'H';

/** The SVG path of the qrcode renderer: `M x y` / `m dx 0` then `h n` runs of dark modules on row y − 0.5. */
function svgMatrix(svg: string): boolean[][] {
  const view = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const d = /<path[^>]*stroke[^>]*d="([^"]+)"/.exec(svg);
  if (!view || !d) throw new Error('not a qrcode SVG');
  const margin = 1;
  const size = Number(view[1]) - 2 * margin;
  const m = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of d[1]!.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (cmd === 'M') [x, y] = [Number(a), Number(b)];
    else if (cmd === 'm') x += Number(a);
    else for (let k = 0; k < Number(a); k++) m[y - 0.5 - margin]![x++ - margin] = true;
  }
  return m;
}

const ALIGN: Record<number, number[]> = { 1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34] };
/** [data codewords per block, blocks] for versions 1–6 (ISO/IEC 18004 Table 9). */
const BLOCKS: Record<Ecl, [number, number][]> = {
  L: [[19, 1], [34, 1], [55, 1], [80, 1], [108, 1], [68, 2]],
  M: [[16, 1], [28, 1], [44, 1], [32, 2], [43, 2], [27, 4]],
  Q: [[13, 1], [22, 1], [17, 2], [24, 2], [15, 4], [19, 4]],
  H: [[9, 1], [16, 1], [13, 2], [9, 4], [11, 4], [15, 4]],
};
const ECL_BITS: Record<Ecl, number> = { L: 1, M: 0, Q: 3, H: 2 };

function formatBits(ecl: Ecl, mask: number): number {
  const data = (ECL_BITS[ecl] << 3) | mask;
  let rem = data << 10;
  for (let i = 14; i >= 10; i--) if (rem & (1 << i)) rem ^= 0x537 << (i - 10);
  return ((data << 10) | rem) ^ 0x5412;
}

function readFormat(m: boolean[][]): { ecl: Ecl; mask: number } {
  const size = m.length;
  let bits = 0;
  for (let i = 0; i < 15; i++) {
    const row = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    if (m[row]![8]) bits |= 1 << i;
  }
  for (const ecl of ['L', 'M', 'Q', 'H'] as const) for (let mask = 0; mask < 8; mask++) if (formatBits(ecl, mask) === bits) return { ecl, mask };
  throw new Error(`no format information matches ${bits.toString(2)}`);
}

function reserved(size: number, version: number): boolean[][] {
  const r = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  const box = (r0: number, c0: number, h: number, w: number) => {
    for (let i = r0; i < r0 + h; i++) for (let j = c0; j < c0 + w; j++) if (i >= 0 && j >= 0 && i < size && j < size) r[i]![j] = true;
  };
  box(0, 0, 9, 9);
  box(0, size - 8, 9, 8);
  box(size - 8, 0, 8, 9);
  box(6, 0, 1, size);
  box(0, 6, size, 1);
  const centers = ALIGN[version]!;
  for (const a of centers) for (const b of centers) if (!((a === 6 && b === 6) || (a === 6 && b === centers.at(-1)) || (a === centers.at(-1) && b === 6))) box(a - 2, b - 2, 5, 5);
  return r;
}

const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

function decodeQrSvg(svg: string): { text: string; ecl: Ecl } {
  const m = svgMatrix(svg);
  const size = m.length;
  const version = (size - 17) / 4;
  if (!Number.isInteger(version) || version < 1 || version > 6) throw new Error(`unsupported size ${size}`);
  const { ecl, mask } = readFormat(m);
  const res = reserved(size, version);
  const bits: number[] = [];
  let upward = true;
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (let k = 0; k < size; k++) {
      const row = upward ? size - 1 - k : k;
      for (const c of [col, col - 1]) if (!res[row]![c]) bits.push(Number(m[row]![c]! !== MASKS[mask]!(row, c)));
    }
    upward = !upward;
  }
  const codewords: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  const [perBlock, blocks] = BLOCKS[ecl][version - 1]!;
  const data: number[] = [];
  for (let b = 0; b < blocks; b++) for (let k = 0; k < perBlock; k++) data.push(codewords[k * blocks + b]!);
  const stream = data.flatMap((byte) => Array.from({ length: 8 }, (_, i) => (byte >> (7 - i)) & 1));
  const read = (at: number, n: number) => stream.slice(at, at + n).reduce((a, b) => (a << 1) | b, 0);
  // Segments until the terminator: numeric, alphanumeric and byte mode (count bits for versions 1–9).
  const bytes: number[] = [];
  const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  let at = 0;
  for (;;) {
    const mode = at + 4 <= stream.length ? read(at, 4) : 0;
    at += 4;
    if (mode === 0) break;
    if (mode === 0b0001) {
      let n = read(at, 10);
      at += 10;
      for (; n > 0; n -= 3) {
        const digits = Math.min(3, n);
        const width = digits === 3 ? 10 : digits === 2 ? 7 : 4;
        bytes.push(...new TextEncoder().encode(String(read(at, width)).padStart(digits, '0')));
        at += width;
      }
    } else if (mode === 0b0010) {
      let n = read(at, 9);
      at += 9;
      for (; n > 0; n -= 2) {
        const width = n >= 2 ? 11 : 6;
        const v = read(at, width);
        at += width;
        const chars = n >= 2 ? ALNUM[Math.floor(v / 45)]! + ALNUM[v % 45]! : ALNUM[v]!;
        bytes.push(...new TextEncoder().encode(chars));
      }
    } else if (mode === 0b0100) {
      const n = read(at, 8);
      at += 8;
      for (let i = 0; i < n; i++, at += 8) bytes.push(read(at, 8));
    } else throw new Error(`unsupported mode ${mode}`);
  }
  return { text: new TextDecoder().decode(Uint8Array.from(bytes)), ecl };
}
