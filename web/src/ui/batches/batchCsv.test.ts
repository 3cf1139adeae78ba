import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meterRecord, runAt, setUpBench, verificationInput } from '../../../../test/bench/storeFixtures.ts';
import { defaultProfile, loadProfile, meterVerdict } from '../../domain/index.ts';
import { ErjianDb, getOrCreateDevice, recordVerifications, type VerificationRecord } from '../../store/index.ts';
import { BOM, CSV_HEADER, batchCsv, csvField, csvLine, pointFigures } from './batchCsv.ts';

describe('csvField (RFC 4180 §2)', () => {
  it('quotes commas, quotes and line breaks; doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('张工')).toBe('张工');
  });
  it('numbers as numbers (a negative error stays a number), null and NaN empty', () => {
    expect(csvField(-0.4)).toBe('-0.4');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });
  it('a text field that a spreadsheet would run as a formula is defused', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-1+2')).toBe("'-1+2");
  });
  it('lines end in CRLF', () => {
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
});

describe('batchCsv', () => {
  let records: VerificationRecord[];
  let db: ErjianDb;
  beforeAll(async () => {
    db = new ErjianDb(`csv-${Math.random()}`, { indexedDB, IDBKeyRange });
    const device = await getOrCreateDevice(db);
    const bench = await setUpBench(db, device);
    records = await recordVerifications(db, device, [
      verificationInput(bench, 'M1', { Q3: 0.125, Q2: -0.8, Q1: 1.9 }),
      verificationInput(bench, 'M2', { Q3: 0.4, Q2: -0.8, Q1: 7 }),
      verificationInput(bench, 'M,3', { Q3: 0.4, Q2: null, Q1: 1 }),
    ]);
  });
  afterAll(async () => {
    await db.delete();
  });

  it('BOM, the header, one CRLF row per record with verdict, E and MPE per point and the stamps', () => {
    const csv = batchCsv(records, 'LXS-15E');
    expect(csv.startsWith(BOM)).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    const [m1, m2, m3] = records;
    // 0.125 → 0.12 (half-even, as reported)
    expect(lines[1]).toBe(
      `M1,B-2026-001,LXS-15E,合格,0.12,2,-0.8,2,1.9,5,2026-11-27,${m1!.validUntil},op-1,${m1!.profile.id},${m1!.profile.version},${'a'.repeat(64)},${m1!.id}`,
    );
    expect(lines[2]).toMatch(/^M2,B-2026-001,LXS-15E,不合格,0\.4,2,-0\.8,2,7,5,2026-11-27,,op-1,/);
    expect(lines[2]!.endsWith(m2!.id)).toBe(true);
    // no valid run at Q2: both cells empty; the serial with a comma is quoted
    expect(lines[3]).toMatch(/^"M,3",B-2026-001,LXS-15E,不合格,0\.4,2,,,1,5,/);
    expect(lines[3]!.endsWith(m3!.id)).toBe(true);
  });
});

describe('pointFigures', () => {
  it('a point three runs decided together (two-of-three-mean) reports their mean E (docs/rules.md R-REPEAT)', () => {
    const strict = loadProfile({ ...defaultProfile, repeatRule: { ...defaultProfile.repeatRule, value: { rule: 'two-of-three-mean' } } });
    const base = meterRecord({ Q3: 2.6, Q2: -0.8, Q1: 1 });
    const rec = { ...base, runs: [...base.runs, runAt('Q3', 1.1), runAt('Q3', 0.4)] };
    const v = meterVerdict(rec, strict);
    // (2.6 + 1.1 + 0.4) / 3 = 1.3666… → 1.37
    expect(pointFigures(v, 'Q3')).toEqual({ errorPct: 1.37, mpePct: 2 });
    expect(pointFigures(v, 'Q2')).toEqual({ errorPct: -0.8, mpePct: 2 });
  });
});
