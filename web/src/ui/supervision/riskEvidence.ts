/**
 * An alert's evidence in words and numbers for the regulator (docs/risk.md): each kind's
 * figures, in the person's language, and the small chart of an EWMA / CUSUM statistic
 * against its limits (inline SVG).
 */
import { html, svg, type TemplateResult } from 'lit';
import { civilDateTime } from '../../domain/civilDate.ts';
import { defaultProfile } from '../../domain/profile/defaultProfile.ts';
import type { RiskAlertView } from '../../../../sync-server/src/supervision/riskScan.ts';
import { rkt } from './riskMessages.ts';

type Ev = Record<string, unknown>;
/** A figure to read: four decimals for small ones (errors, ratios), fewer for large ones. */
const num = (x: unknown): string => {
  if (typeof x !== 'number') return '—';
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 4;
  const f = 10 ** digits;
  return String(Math.round(x * f) / f);
};
const str = (x: unknown): string => (typeof x === 'string' ? x : x === null || x === undefined ? '—' : String(x));

/** A server or device instant as a Tai'an date and time (YYYY-MM-DD HH:mm:ss). */
export function taian(iso: unknown): string {
  if (typeof iso !== 'string' || !Number.isFinite(Date.parse(iso))) return '—';
  const c = civilDateTime(new Date(iso), defaultProfile.timeZone.value);
  return `${c.date} ${c.time.slice(0, 8)}`;
}

/** A device id, short enough to read (the full id is in the raw data's title). */
export function shortDevice(id: unknown): string {
  const s = str(id);
  return s.length > 12 ? `${s.slice(0, 8)}…` : s;
}

/** Seconds as 12 秒 / 3 分 5 秒 / 2.5 小时. */
export function duration(seconds: unknown): string {
  if (typeof seconds !== 'number') return '—';
  const s = Math.abs(seconds);
  if (s >= 3 * 3600) return rkt('rk.dur.h', { h: Math.round((s / 3600) * 10) / 10 });
  if (s >= 60) return rkt('rk.dur.ms', { m: Math.floor(s / 60), s: Math.round(s % 60) });
  return rkt('rk.dur.s', { s: Math.round(s * 10) / 10 });
}

/** The evidence as sentences (the first is the headline). */
export function evidenceLines(a: RiskAlertView): string[] {
  const e: Ev = a.evidence;
  switch (a.kind) {
    case 'batch-bias':
      return [rkt('rk.ev.batch-bias', { batchId: str(e['batchId']), point: str(e['point']), meters: num(e['meters']), meanPct: num(e['meanPct']), mpePct: num(e['mpePct']), ratio: num(e['ratio']), alarmRatio: num(e['alarmRatio']) })];
    case 'drift-ewma':
    case 'drift-cusum': {
      const f = (e['firstAlarm'] ?? {}) as Ev;
      return [rkt('rk.ev.drift', { benchId: str(e['benchId']), point: str(e['point']), base: num(e['baselineMeanPct']), sigma: num(e['sigmaPct']), sessionId: str(f['sessionId']), runId: str(f['runId']), at: taian(f['at']), mean: num(f['meanPct']), stat: num(f['stat']), limit: num(f['limit']) })];
    }
    case 'copied-errors': {
      const groups = (e['groups'] ?? []) as Array<{ serials: string[]; errorsPct: Record<string, number> }>;
      return [
        rkt('rk.ev.copied-errors', { meters: num(e['meters']), groups: groups.length }),
        ...groups.map((g) => rkt('rk.ev.copied.group', { serials: g.serials.join(' = '), errors: Object.entries(g.errorsPct).map(([p, v]) => `${p} ${num(v)}%`).join('，') })),
      ];
    }
    case 'low-spread': {
      const points = Object.entries((e['points'] ?? {}) as Record<string, { meters: number; sdPct: number }>).map(([p, v]) => rkt('rk.ev.low-spread.point', { point: p, n: v.meters, sd: num(v.sdPct) }));
      return [rkt('rk.ev.low-spread', { sessionId: str(e['sessionId']), benchId: str(e['benchId']), ratio: num(e['spreadRatio']), min: num(e['minRatio']) }), ...points];
    }
    case 'volume-inconsistent': {
      const runs = ((e['runs'] ?? []) as Ev[]).map((r) => rkt('rk.ev.volume.run', { runId: str(r['runId']), point: str(r['point']), flow: num(r['flowLph']), dur: num(r['durationS']), expected: num(r['expectedL']), ref: num(r['referenceL']), diff: num(r['differencePct']) }));
      return [rkt('rk.ev.volume-inconsistent', { sessionId: str(e['sessionId']), benchId: str(e['benchId']), n: runs.length, worst: num(e['worstPct']), tol: num(e['tolerancePct']) }), ...runs];
    }
    case 'clock-jump':
    case 'back-dated': {
      const p = { device: shortDevice(e['deviceId']), seq: num(e['seq']), amount: duration(e['seconds']), worst: duration(e['worstSeconds']), line: taian(e['lineTime']), against: taian(e['comparedWith']), n: num(e['lines']) };
      const check = str(e['check']);
      return [rkt(check === 'back-dated' ? 'rk.ev.back-dated' : check === 'jump' ? 'rk.ev.clock.jump' : check === 'ahead' ? 'rk.ev.clock.ahead' : 'rk.ev.clock.backwards', p)];
    }
    case 'chain-restart':
      if ('benchId' in e)
        return [
          rkt('rk.ev.chain.bench', {
            benchId: str(e['benchId']),
            newDevice: shortDevice(e['newDevice']),
            newFrom: taian(e['newFrom']),
            earlierDevice: shortDevice(e['earlierDevice']),
            earlierFrom: taian(e['earlierFrom']),
            earlierUntil: taian(e['earlierUntil']),
            earlierSessions: num(e['earlierSessions']),
            how: rkt(e['parallel'] === true ? 'rk.ev.chain.parallel' : 'rk.ev.chain.unlinked'),
          }),
        ];
      return [rkt('rk.ev.chain.line', { device: shortDevice(e['deviceId']), seq: num(e['seq']), prev: num(e['previousSeq']), genesis: e['genesis'] === true ? rkt('rk.ev.chain.genesis') : '' })];
    case 'rate-implausible': {
      if ('overlapS' in e) {
        const f = (e['first'] ?? {}) as Ev;
        const s = (e['second'] ?? {}) as Ev;
        return [rkt('rk.ev.rate.overlap', { benchId: str(e['benchId']), first: str(f['sessionId']), second: str(s['sessionId']), from: taian(s['from']), until: taian(f['until']), overlap: duration(e['overlapS']) })];
      }
      const out: string[] = [];
      const needed = e['neededS'];
      if (typeof needed === 'number' && needed > 0 && typeof e['elapsedS'] === 'number' && e['elapsedS'] < needed) {
        out.push(rkt('rk.ev.rate.session', { sessionId: str(e['sessionId']), benchId: str(e['benchId']), meters: num(e['meters']), elapsed: duration(e['elapsedS']), needed: duration(needed) }));
        if (typeof e['metersPerHour'] === 'number' && typeof e['capacityPerHour'] === 'number') out.push(rkt('rk.ev.rate.perHour', { perHour: Math.round(e['metersPerHour']), capacity: Math.floor(e['capacityPerHour']) }));
      }
      const short = (e['shortRuns'] ?? []) as Ev[];
      if (short.length > 0) out.push(rkt('rk.ev.rate.short', { n: short.length, runs: short.map((r) => rkt('rk.ev.rate.shortRun', { runId: str(r['runId']), point: str(r['point']), dur: duration(r['durationS']), apart: duration(r['linesApartS']) })).join('；') }));
      return out.length > 0 ? out : [a.message];
    }
    default:
      return [a.message];
  }
}

/** The EWMA / CUSUM chart: the statistic against ±limit, the first alarm in red. */
export function driftChart(a: RiskAlertView): TemplateResult | null {
  if (a.kind !== 'drift-ewma' && a.kind !== 'drift-cusum') return null;
  const chart = (a.evidence['chart'] ?? []) as Array<{ stat: number; limit: number }>;
  if (chart.length < 2) return null;
  const first = a.evidence['firstAlarm'] as { stat: number } | undefined;
  const W = 640;
  const H = 180;
  const padL = 56;
  const padR = 12;
  const top = 12;
  const bottom = 24;
  const span = Math.max(...chart.map((c) => Math.max(Math.abs(c.stat), c.limit))) * 1.15 || 1;
  const x = (i: number): number => padL + (i * (W - padL - padR)) / (chart.length - 1);
  const y = (v: number): number => top + ((span - v) * (H - top - bottom)) / (2 * span);
  const line = (f: (c: { stat: number; limit: number }) => number): string => chart.map((c, i) => `${x(i).toFixed(1)},${y(f(c)).toFixed(1)}`).join(' ');
  const alarmAt = chart.findIndex((c) => first !== undefined && c.stat === first.stat && Math.abs(c.stat) > c.limit);
  const what = rkt(a.kind === 'drift-ewma' ? 'rk.chart.ewma' : 'rk.chart.cusum');
  return html`<figure class="chart">
    <svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label=${what}>
      ${svg`<line x1=${padL} x2=${W - padR} y1=${y(0)} y2=${y(0)} stroke="#9aa5b1" stroke-width="1" />
      <polyline points=${line((c) => c.limit)} fill="none" stroke="#c62828" stroke-width="2" stroke-dasharray="6 4" />
      <polyline points=${line((c) => -c.limit)} fill="none" stroke="#c62828" stroke-width="2" stroke-dasharray="6 4" />
      <polyline points=${line((c) => c.stat)} fill="none" stroke="#1d4f8a" stroke-width="2.5" />
      ${chart.map((c, i) => svg`<circle cx=${x(i)} cy=${y(c.stat)} r=${i === alarmAt ? 6 : 3.5} fill=${Math.abs(c.stat) > c.limit ? '#c62828' : '#1d4f8a'} />`)}
      <text x=${padL - 6} y=${y(span / 1.15) + 12} text-anchor="end" font-size="13" fill="#333">${num(span / 1.15)}</text>
      <text x=${padL - 6} y=${y(0) + 4} text-anchor="end" font-size="13" fill="#333">0</text>
      <text x=${padL - 6} y=${y(-span / 1.15)} text-anchor="end" font-size="13" fill="#333">${num(-span / 1.15)}</text>
      <text x=${padL + 6} y=${y(chart[0]!.limit) - 6} text-anchor="start" font-size="13" fill="#c62828">${rkt('rk.chart.limit')}</text>`}
    </svg>
    <figcaption>${rkt('rk.chart.caption', { what })}</figcaption>
  </figure>`;
}
