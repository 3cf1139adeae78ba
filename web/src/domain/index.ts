/**
 * The rules engine of 二检合一 (JJG 162-2019 first verification of cold water meters,
 * DN15–DN40, and the pilot plan): pure TypeScript, no DOM, no I/O. The worker, the UI,
 * the CLI and the sync server all import the rules from here (docs/architecture.md house rule 1).
 */
export { DomainError, InvalidInputError, ProfileError, type ProfileIssue } from './errors.ts';

export { profileSchema, type RegulationProfile } from './profile/profileSchema.ts';
export { loadProfile } from './profile/loadProfile.ts';
export { defaultProfile } from './profile/defaultProfile.ts';
export { formatPath, toIssues } from './profile/zodIssues.ts';

export {
  TEST_POINTS,
  type AccuracyClass,
  type AirConditions,
  type FlowZone,
  type Meter,
  type ReferenceReading,
  type Run,
  type TestPoint,
} from './types.ts';

export { flowPoints, isInRSeries, type FlowPoints } from './flowPoints.ts';
export { waterDensity } from './waterDensity.ts';
export { airDensity } from './airDensity.ts';
export { volumeAtMeter } from './volumeAtMeter.ts';
export { weighingAirDensity, weighingVolume, type WeighingReading } from './weighingVolume.ts';
export { masterMeterVolume, referenceVolume, volumetricTankVolume } from './referenceVolume.ts';
export { indicationError } from './indicationError.ts';
export { flowZone } from './flowZone.ts';
export { inServiceMpeFor, mpeFor } from './mpe.ts';
export { COLD_POTABLE_WATER_METER, isInPilotScope } from './pilotScope.ts';
export {
  RUN_REASON_ORDER,
  flowBand,
  invalidRunReasons,
  minimumVolumeL,
  type InvalidRunReason,
  type RunConditionsInput,
  type RunReason,
} from './runConditions.ts';
export { evaluateRun, type RunEvaluation } from './evaluateRun.ts';
export { roundHalfEven } from './roundHalfEven.ts';

export {
  judgeTightness,
  tightnessCondition,
  tightnessPressures,
  type PressureGauge,
  type TightnessPressures,
  type TightnessReason,
  type TightnessTest,
} from './tightness.ts';
export {
  LEAK_HINT_DECAY_FRACTION,
  judgeHold,
  type HoldLimits,
  type PressureSample,
  type TightnessCondition,
  type TightnessConditionCode,
  type TightnessConditionReason,
} from './tightnessHold.ts';
export { decidingRunsOf, judgePoint, type PointReason, type PointVerdict } from './pointVerdict.ts';
export {
  REPEAT_RULE_CODES,
  meanOfRuns,
  repeatDecision,
  repeatRuleCode,
  withinMpe,
  type RepeatDecision,
  type RepeatReason,
  type RepeatRule,
  type RepeatRuleCode,
  type RunResult,
} from './repeatRule.ts';
export { pointError, type PointVerdicts } from './pointError.ts';
export {
  meterVerdict,
  type Checklist,
  type ChecklistItem,
  type MeterRecord,
  type MeterVerdict,
  type VerdictReason,
  type VerificationItem,
} from './meterVerdict.ts';

export {
  EXTERNAL_CHECKLIST_KEYS,
  FUNCTION_CHECKLIST_KEYS,
  Q3_MIN_VOLUME_L,
  VOLUME_MARGIN,
  checklistOf,
  countRuns,
  openPoints,
  plannedRuns,
  wantsRun,
  type ChecklistKind,
  type PlannedRun,
} from './runPlan.ts';

export { addDays, addMonths, anniversary, compareIsoDate, isoDate, lastDayOfYears, type IsoDate } from './calendarDate.ts';
export { civilDate, civilDateTime, pilotDate, type CivilDateTime } from './civilDate.ts';
export { usagePeriod, validUntil, type UsagePeriod } from './usagePeriod.ts';
export { sampleSize, samplingPlan, type SamplingPlan } from './samplingPlan.ts';
export { rankCandidates, selectSample, type RankedCandidate } from './randomSelection.ts';
export { biasStatus, type BatchBias, type BiasLevel } from './batchBias.ts';

export {
  authorisationStatus,
  authorisationValidity,
  canRequestRenewal,
  expiryProblem,
  isWithinAuthorisedScope,
  renewalOutlook,
  type ExpiryProblem,
  type RenewalOutlook,
  type Authorisation,
  type AuthorisationScope,
  type AuthorisationStatus,
  type AuthorisationValidity,
  type Suspension,
} from './authorisation.ts';
export {
  canIssue,
  standingRefusalCodes,
  type DecisionRef,
  type EnterpriseStandingInput,
  type IssueDecision,
  type IssueRefusal,
  type IssueRefusalCode,
  type IssueRequest,
  type StandingRefusalCode,
} from './canIssue.ts';
export {
  PenaltyLadderError,
  admittedEvents,
  applyPenaltyEvent,
  blockOf,
  enterpriseStandings,
  initialPenaltyState,
  penaltyEventTypes,
  replayPenaltyEvents,
  sameModel,
  tryApplyPenaltyEvent,
  type BlockedModel,
  type EnterpriseStanding,
  type PenaltyEvent,
  type PenaltyEventType,
  type PenaltyLadderErrorCode,
  type PenaltyResult,
  type PenaltyState,
  type PenaltyTransition,
} from './penaltyLadder.ts';
export { penaltyStandingOf, type PenaltyDecision, type PenaltyStanding } from './penaltyStanding.ts';
export {
  benchUncertaintyLimitPct,
  benchUncertaintyOk,
  judgeBenchUncertainty,
  smallestMpePct,
  type BenchUncertaintyJudgement,
  type BenchUncertaintyReason,
} from './benchUncertainty.ts';
export {
  batchIssuance,
  currentAuthorisation,
  type BatchIssuance,
  type BatchIssuanceInput,
  type BenchJudgement,
  type CertificateBlock,
  type CertificateBlockCode,
  type MeterBlockCode,
  type MeterIssuance,
} from './batchIssuance.ts';

export { SERIAL_LENGTH, normaliseSerial, serialProblem, type SerialFormat, type SerialProblem, type SerialProblemCode } from './serialNumber.ts';
export { isOperatorName, normaliseOperatorName, sessionStartRefusals, type SessionStartInput, type SessionStartRefusal, type SessionStartRefusalCode } from './sessionStart.ts';
export { sessionStandingNoticeCodes, sessionStandingNotices, type SessionStandingNotice, type SessionStandingNoticeCode } from './sessionStanding.ts';
export { mountDecision, reverificationReason, type CurrentRecord, type MountDecision, type MountInput, type MountProblem } from './meterMount.ts';
export { MAX_CHANGE_FACTOR, MIN_CHANGE_FACTOR, readingPlausibility, type ReadingDoubtCode, type ReadingPlausibility } from './readingPlausibility.ts';
