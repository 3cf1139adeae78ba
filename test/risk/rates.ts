/**
 * Detection and false-alarm rates of the risk detectors on the generator's default mix
 * (docs/risk.md "Measured rates"): per forgery kind, the share of forged scenarios in which
 * a finding of that kind names the forgery, and the share of clean scenarios in which a
 * detector of that kind fires at all. Used by test/risk/rates.test.ts and `npm run bench:risk`.
 */
import { defaultProfile } from '../../web/src/domain/index.ts';
import { detectRisks, type RiskFinding } from '../../web/src/domain/risk/index.ts';
import { DETECTED_BY, FORGERY_KINDS, generateScenario, type ForgeryKind } from './generator.ts';

export interface KindRate {
  kind: ForgeryKind;
  forged: number;
  detected: number;
  clean: number;
  falseAlarms: number;
}

export interface Rates {
  perKind: KindRate[];
  /** the drift forgery by each of its two detectors alone */
  drift: Array<{ detector: 'drift-ewma' | 'drift-cusum'; forged: number; detected: number; clean: number; falseAlarms: number }>;
  /** clean scenarios with any finding at all */
  cleanWithAnyFinding: number;
  clean: number;
}

function hits(findings: readonly RiskFinding[], kind: ForgeryKind, mark: string | null): boolean {
  return findings.some((f) => DETECTED_BY[kind].includes(f.kind) && (mark === null || f.key.includes(mark)));
}

/** `perKind` forged scenarios of each kind and `clean` clean ones, seeds from `firstSeed` on. */
export function measureRates(options: { clean: number; perKind: number; firstSeed: number }): Rates {
  const perKind: KindRate[] = FORGERY_KINDS.map((kind) => ({ kind, forged: 0, detected: 0, clean: 0, falseAlarms: 0 }));
  const drift: Rates['drift'] = (['drift-ewma', 'drift-cusum'] as const).map((detector) => ({ detector, forged: 0, detected: 0, clean: 0, falseAlarms: 0 }));
  let cleanWithAnyFinding = 0;
  for (let i = 0; i < options.clean; i++) {
    const sc = generateScenario(options.firstSeed + i, null);
    const findings = detectRisks(sc.data, defaultProfile);
    if (findings.length > 0) cleanWithAnyFinding++;
    for (const d of drift) {
      d.clean++;
      if (findings.some((f) => f.kind === d.detector)) d.falseAlarms++;
    }
    for (const k of perKind) {
      k.clean++;
      if (findings.some((f) => DETECTED_BY[k.kind].includes(f.kind))) k.falseAlarms++;
    }
  }
  for (const [j, k] of perKind.entries()) {
    for (let i = 0; i < options.perKind; i++) {
      const sc = generateScenario(options.firstSeed + 100_000 * (j + 1) + i, k.kind);
      k.forged++;
      const findings = detectRisks(sc.data, defaultProfile);
      if (hits(findings, k.kind, sc.mark)) k.detected++;
      if (k.kind === 'drift') {
        for (const d of drift) {
          d.forged++;
          if (findings.some((f) => f.kind === d.detector && (sc.mark === null || f.key.includes(sc.mark)))) d.detected++;
        }
      }
    }
  }
  return { perKind, drift, cleanWithAnyFinding, clean: options.clean };
}

/** The table, one line a kind: detection and false-alarm rates side by side. */
export function ratesTable(r: Rates): string {
  const pct = (a: number, b: number): string => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);
  const row = (name: string, k: { detected: number; forged: number; falseAlarms: number; clean: number }): string =>
    `${name.padEnd(20)} ${`${k.detected}/${k.forged}`.padStart(9)} ${pct(k.detected, k.forged).padStart(8)}   ${`${k.falseAlarms}/${k.clean}`.padStart(9)} ${pct(k.falseAlarms, k.clean).padStart(7)}`;
  const rows = r.perKind.flatMap((k) => [row(k.kind, k), ...(k.kind === 'drift' ? r.drift.map((d) => row(`  by ${d.detector === 'drift-ewma' ? 'EWMA' : 'CUSUM'} alone`, d)) : [])]);
  return [`${'forgery kind'.padEnd(20)} ${'detected'.padStart(9)} ${'rate'.padStart(8)}   ${'false al.'.padStart(9)} ${'rate'.padStart(7)}`, ...rows, `clean scenarios with any finding: ${r.cleanWithAnyFinding}/${r.clean} (${pct(r.cleanWithAnyFinding, r.clean)})`].join('\n');
}
