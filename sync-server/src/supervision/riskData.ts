/**
 * The risk detectors' input from the sync tables (docs/risk.md "Where the data comes from"):
 * an enterprise's devices (with the predecessor their signed enrolment names), sessions,
 * raw lines (chain fields and device/server times), and its bench runs rebuilt from the
 * WMB/1 lines (`RUN` … `RS` … `RE` … `MV` … `RD`, docs/bench-protocols.md) with each meter's
 * E and MPE taken from the accepted verification that used the reading — never recomputed
 * here (the ingest already re-verified it).
 */
import { minimumVolumeL, type TestPoint } from '../../../web/src/domain/index.ts';
import { defaultProfile } from '../../../web/src/domain/profile/defaultProfile.ts';
import type { RiskBenchRun, RiskDataset, RiskDevice, RiskLine, RiskSession } from '../../../web/src/domain/risk/index.ts';
import { decodeCommand, decodeMessage } from '../../../web/src/bench/wmb1/codec.ts';
import { asciiBytes } from '../../../web/src/bench/types.ts';
import type { VerificationRecord } from '../../../web/src/store/recordTypes.ts';
import type { Db } from '../db/open.ts';
import { all, qb } from '../db/sql.ts';

/** Water density near 20 °C (kg/L): a weighed reference in kg, as litres, well inside the volume tolerance. */
const KG_PER_L = 0.9982;

interface RunDraft extends RiskBenchRun {
  open: boolean;
}

interface SessionParse {
  positions: number | null;
  loaded: Map<number, string>;
  runs: Map<string, RunDraft>;
  pendingRun: Map<string, { point: TestPoint; seq: number }>;
  from: number;
  to: number;
}

/** The lines of one enterprise, device by device in seq order. */
function enterpriseLines(db: Db, enterpriseId: string) {
  return all(
    db,
    qb
      .selectFrom('sync_lines')
      .innerJoin('devices', 'devices.device_id', 'sync_lines.device_id')
      .select(['sync_lines.device_id', 'sync_lines.seq', 'sync_lines.session_id', 'sync_lines.direction', 'sync_lines.text', 'sync_lines.received_at', 'sync_lines.stored_at', 'sync_lines.prev_hash', 'sync_lines.hash'])
      .where('devices.enterprise_id', '=', enterpriseId)
      .orderBy('sync_lines.device_id')
      .orderBy('sync_lines.seq'),
  );
}

export function riskDataset(db: Db, enterpriseId: string): RiskDataset {
  const deviceRows = all(db, qb.selectFrom('devices').select('device_id').where('enterprise_id', '=', enterpriseId));
  const predecessor = new Map<string, string | null>();
  const enrolments = all(
    db,
    qb
      .selectFrom('sync_records')
      .innerJoin('devices', 'devices.device_id', 'sync_records.device_id')
      .select(['sync_records.device_id', 'sync_records.body'])
      .where('devices.enterprise_id', '=', enterpriseId)
      .where('sync_records.type', '=', 'erjian.device/1'),
  );
  for (const e of enrolments) {
    const body = JSON.parse(e.body) as { event?: string; predecessor?: string | null };
    if (body.event === 'enrolled') predecessor.set(e.device_id, body.predecessor ?? null);
  }
  const devices: RiskDevice[] = deviceRows.map((d) => ({ deviceId: d.device_id, predecessor: predecessor.get(d.device_id) ?? null }));

  const sessionRows = all(db, qb.selectFrom('sync_sessions').select(['device_id', 'session_id', 'bench_id', 'started_at', 'ended_at']).where('enterprise_id', '=', enterpriseId));
  const benchOf = new Map(sessionRows.map((s) => [`${s.device_id}\u0000${s.session_id}`, s.bench_id]));

  const lines: RiskLine[] = [];
  const parses = new Map<string, SessionParse>();
  const benchRuns: RunDraft[] = [];
  for (const l of enterpriseLines(db, enterpriseId)) {
    lines.push({ deviceId: l.device_id, seq: l.seq, sessionId: l.session_id, receivedAt: l.received_at, storedAt: l.stored_at, prevHash: l.prev_hash, hash: l.hash });
    if (l.session_id === null) continue;
    const key = `${l.device_id}\u0000${l.session_id}`;
    const benchId = benchOf.get(key);
    if (benchId === undefined) continue;
    let p = parses.get(key);
    if (!p) parses.set(key, (p = { positions: null, loaded: new Map(), runs: new Map(), pendingRun: new Map(), from: l.seq, to: l.seq }));
    p.to = l.seq;
    const ref = (from: number, to: number) => ({ deviceId: l.device_id, fromSeq: from, toSeq: to });
    if (l.direction === 'out') {
      const c = decodeCommand(asciiBytes(l.text));
      if (!c.ok) continue;
      if (c.value.verb === 'LOAD') p.loaded.set(c.value.pos, c.value.meter);
      if (c.value.verb === 'RUN') p.pendingRun.set(c.value.id, { point: c.value.point, seq: l.seq });
      continue;
    }
    const m = decodeMessage(asciiBytes(l.text));
    if (!m.ok) continue;
    const v = m.value;
    if (v.verb === 'ID') p.positions = v.positions;
    else if (v.verb === 'RS') {
      const cmd = p.pendingRun.get(v.id);
      p.runs.set(v.id, {
        open: true,
        deviceId: l.device_id,
        sessionId: l.session_id,
        benchId,
        runId: v.id,
        point: v.point,
        flowLph: null,
        durationS: null,
        referenceL: null,
        minimumVolumeL: null,
        startedAt: l.received_at,
        endedAt: null,
        meters: [],
        ref: ref(cmd?.seq ?? l.seq, l.seq),
      });
    } else if (v.verb === 'RE' || v.verb === 'MV' || v.verb === 'RD' || v.verb === 'ABORT') {
      const r = p.runs.get(v.id);
      if (!r || !r.open) continue;
      r.ref.toSeq = l.seq;
      if (v.verb === 'RE') {
        r.flowLph = v.lph;
        r.durationS = v.durS;
        r.referenceL = v.unit === 'L' ? v.ref : v.unit === 'kg' ? v.ref / KG_PER_L : v.k !== null && v.k > 0 ? v.ref / v.k : null;
        r.endedAt = l.received_at;
      } else if (v.verb === 'MV') {
        const serial = p.loaded.get(v.pos);
        if (serial) r.meters.push({ serial, batchId: null, indicatedL: v.viL, errorPct: null, mpePct: null, ref: ref(l.seq, l.seq) });
      } else {
        r.open = false;
        // an aborted run has no result: it is not a run the detectors judge
        if (v.verb === 'RD') benchRuns.push(r);
      }
    }
  }

  // Each meter's E and MPE from the accepted verification that used the reading.
  const byReading = new Map<string, RiskBenchRun['meters'][number] & { run: RiskBenchRun }>();
  for (const r of benchRuns) for (const m of r.meters) byReading.set(`${r.deviceId}\u0000${r.sessionId}\u0000${m.serial}\u0000${r.point}\u0000${m.indicatedL}`, Object.assign(m, { run: r }));
  const records = all(
    db,
    qb
      .selectFrom('sync_records')
      .innerJoin('devices', 'devices.device_id', 'sync_records.device_id')
      .select(['sync_records.device_id', 'sync_records.body'])
      .where('devices.enterprise_id', '=', enterpriseId)
      .where('sync_records.type', '=', 'erjian.verification/2')
      .where('sync_records.status', '=', 'accepted'),
  );
  for (const row of records) {
    const v = JSON.parse(row.body) as VerificationRecord;
    const minVol = minimumVolumeL(v.record.meter.accuracyClass, v.record.meter.deltaL, defaultProfile);
    v.record.runs.forEach((run, i) => {
      const hit = byReading.get(`${row.device_id}\u0000${v.sessionId}\u0000${v.serial}\u0000${run.point}\u0000${run.indicatedL}`);
      const ev = v.verdict.runs[i];
      if (!hit || !ev) return;
      hit.batchId = v.batchId;
      hit.errorPct = ev.valid ? ev.errorPct : null;
      hit.mpePct = ev.mpePct;
      hit.run.minimumVolumeL = minVol;
    });
  }
  for (const m of byReading.values()) delete (m as Partial<typeof m>).run;

  const sessions: RiskSession[] = sessionRows.map((s) => {
    const p = parses.get(`${s.device_id}\u0000${s.session_id}`);
    return { deviceId: s.device_id, sessionId: s.session_id, benchId: s.bench_id, positions: p?.positions ?? null, startedAt: s.started_at, endedAt: s.ended_at, ref: p ? { deviceId: s.device_id, fromSeq: p.from, toSeq: p.to } : null };
  });
  return { devices, sessions, benchRuns: benchRuns.map(({ open: _open, ...r }): RiskBenchRun => r), lines };
}
