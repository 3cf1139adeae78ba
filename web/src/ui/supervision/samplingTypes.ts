/**
 * The shapes of the sampling API's answers (docs/sampling.md "API"), shared by the server
 * (sync-server/src/supervision/samplingStore.ts builds them) and the screens.
 */
import type { RankedCandidate } from '../../domain/randomSelection.ts';
import type { SamplingVerdict } from './samplingVerdict.ts';

export type SamplingStatus = 'seed-published' | 'drawn' | 'concluded';
export type SizeBasis = 'gbt2828-II' | 'regulator';

export interface InspectorDrawn extends RankedCandidate {
  displayName: string;
}

export interface SamplingDraw {
  batchId: string;
  model: string;
  drawnAt: string;
  drawnBy: string;
  /** the frozen candidate ids (serials), in the order they were listed */
  candidates: string[];
  lotSize: number;
  n: number;
  sizeBasis: SizeBasis;
  selection: RankedCandidate[];
  /** the frozen inspector candidate ids (usernames) */
  inspectorCandidates: string[];
  inspectors: InspectorDrawn[];
}

/** What anyone sees without a login (`GET /api/public/samplings`). */
export interface PublicSampling {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  title: string;
  seed: string;
  inspectorSeed: string;
  seedPublishedAt: string;
  status: SamplingStatus;
  draw: SamplingDraw | null;
  conclusion: 'conforming' | 'non-conforming' | null;
  concludedAt: string | null;
}

export interface SamplingResultView {
  id: number;
  serial: string;
  source: 'entered' | 'imported';
  /** what was entered or imported, as received (JSON Lines of the `npm run evaluate` format) */
  input: string;
  verdict: SamplingVerdict;
  passed: boolean;
  profile: { id: string; version: string };
  correctionOf: number | null;
  correctionReason: string | null;
  enteredBy: string;
  enteredByName: string;
  enteredAt: string;
  /** the id of the row that corrects this one, when there is one */
  correctedBy: number | null;
}

/** The regulator's preview of the penalty ladder's next rung, should this sampling be non-conforming. */
export interface NextRung {
  /** the how-many-th non-conforming sampling this would be under the current authorisation */
  count: number;
  from: string;
  to: string;
  needsDeadline: boolean;
  /** the ladder's refusal code, if the standing admits no such event */
  refused: string | null;
}

export interface SamplingDetail extends PublicSampling {
  publishedBy: string;
  results: SamplingResultView[];
  /** serial → the current (not corrected) result's passed, for every selected serial that has one */
  current: Record<string, boolean>;
  concludedBy: string | null;
  penaltyEventId: number | null;
  /** regulator only, while drawn */
  nextRung: NextRung | null;
}

export interface SamplingBatch {
  batchId: string;
  model: string;
  productionDate: string;
  /** current passed meters: the candidates a draw now would freeze */
  lotSize: number;
  plan: { sampleSize: number; codeLetter: string | null; acceptanceNumber: number } | null;
}

/** The meter's metrological data the result form starts from (the batch's meter type). */
export interface SamplingMeterType {
  dn: number;
  q3: number;
  r: number;
  class: 1 | 2;
  delta_l: number;
}
