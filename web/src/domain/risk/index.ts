/**
 * Risk early warning (docs/risk.md): every detector over one dataset. Pure; the caller
 * stores the findings (sync-server/src/supervision/riskScan.ts) or counts them (test/risk/).
 */
import type { RegulationProfile } from '../profile/profileSchema.ts';
import { detectBatchBias } from './batchBiasRisk.ts';
import { detectChainRestart } from './chain.ts';
import { detectClock } from './clock.ts';
import { detectCopiedErrors } from './copiedErrors.ts';
import { detectCusum, detectEwma } from './drift.ts';
import { detectLowSpread } from './lowSpread.ts';
import { detectRate } from './rate.ts';
import { RISK_DEFAULTS, type RiskSettings } from './settings.ts';
import type { RiskDataset, RiskFinding } from './types.ts';
import { detectVolumeInconsistency } from './volume.ts';

export function detectRisks(data: RiskDataset, profile: RegulationProfile, settings: RiskSettings = RISK_DEFAULTS): RiskFinding[] {
  return [
    ...detectBatchBias(data.benchRuns, profile, settings),
    ...detectEwma(data.benchRuns, settings),
    ...detectCusum(data.benchRuns, settings),
    ...detectCopiedErrors(data.benchRuns, settings),
    ...detectLowSpread(data.benchRuns, settings),
    ...detectVolumeInconsistency(data.benchRuns, settings),
    ...detectClock(data.lines, settings),
    ...detectChainRestart(data.devices, data.sessions, data.lines, settings),
    ...detectRate(data.benchRuns, data.sessions, settings),
  ];
}

export * from './types.ts';
export { RISK_DEFAULTS, type RiskSettings } from './settings.ts';
export { detectBatchBias, detectChainRestart, detectClock, detectCopiedErrors, detectCusum, detectEwma, detectLowSpread, detectRate, detectVolumeInconsistency };
export { driftSeries, baselineOf, type ChartPoint } from './drift.ts';
