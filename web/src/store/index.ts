export { ErjianDb, databaseName } from './db.ts';
export { OriginalRecord, type OriginalRecordOptions } from './originalRecord.ts';
export { verifyIntegrity, type IntegrityOptions, type IntegrityProblem, type IntegrityProblemCode, type IntegrityReport, type IntegrityStatus } from './integrity.ts';
export { getOrCreateDevice, signCanonical, verifyCanonical } from './deviceKey.ts';
// docs/records.md: signed objects, the record chain, checkpoints, pins, the device lifecycle
export { SIGNATURE_ALG, checkSigned, jwkThumbprint, objectHash, signObject, signedBytes, trustedKey, type Envelope, type SignedType, type TrustedKey } from './signing.ts';
export type * from './chainTypes.ts';
export { CHECKPOINT_EVERY, sealHead } from './checkpoints.ts';
export { chainHead } from './recordChain.ts';
export { DevicePins, type DevicePin, type LostDevice, type PinStorage } from './devicePins.ts';
export { deviceTrust, type DeviceTrust, type TrustProblemCode } from './deviceTrust.ts';
export { acknowledgeLostDevice, deviceNotices, type DeviceNotices } from './deviceLifecycle.ts';
export { StorageError, toStorageError, rootCause, type StorageErrorCode } from './errors.ts';
export { checkChain, lineHash, genesisHash, canonicalJson, sha256Hex, type ChainBreak } from './chain.ts';
export type * from './types.ts';

// schema v2: reference data, sessions, runs, verifications, batch error columns
export type * from './referenceTypes.ts';
export type * from './recordTypes.ts';
export { DEFAULT_CHUNK_ROWS, type BatchColumnChunk, type BatchColumnRow, type BatchColumns, type ColumnRowInput } from './columnTypes.ts';
export { auditEntry, auditTrail } from './audit.ts';
export { cacheReferenceData, createBatch, meterOfType, type CreateBatchInput } from './referenceData.ts';
export {
  endSession,
  markInterruptedSessions,
  markSessionInterrupted,
  sessionLockName,
  startSession,
  type SessionOptions,
  type StartSessionInput,
  type StartupOptions,
} from './sessions.ts';
export {
  appendSessionJournal,
  closeSession,
  interruptedSessions,
  resumeSession,
  sessionProgress,
  unfinishedRuns,
  type ProgressOptions,
  type SessionProgress,
} from './sessionProgress.ts';
export { recordRun, recordRuns, runsOfSession, type RunInput, type RunOptions } from './runs.ts';
export { buildVerification, verifyVerificationSignature, type VerificationBody, type VerificationInput } from './verificationBuild.ts';
export { recordVerification, recordVerifications, type RecordOptions } from './recordVerification.ts';
export { currentVerification, latestVerifications, verificationHistory } from './latestVerifications.ts';
export { columnRowOf, pointErrorPct } from './columnWriter.ts';
export { readBatchColumns } from './readBatchColumns.ts';
export { rebuildBatchColumns } from './rebuildBatchColumns.ts';
export { onVersionChange, type VersionChange } from './versionChange.ts';

// what the review screens read: batch summaries, control-chart data, a meter's full record, certificates
export { batchReview, batchSummary, listBatchSummaries, type BatchReview, type BatchSummary } from './batchSummary.ts';
export { controlChartData, type ControlSeries, type RunMean } from './controlChartData.ts';
export { checkRecordIntegrity, meterRecordView, rawLinesPage, type MeterRecordView, type RecordIntegrity, type RecordProblem, type RunRebuilder } from './meterRecordView.ts';
export {
  CertificateError,
  certificateInForce,
  issueCertificate,
  issueNotice,
  loadCertificateData,
  noticeInForce,
  withdrawCertificate,
  type CertificateData,
  type CertificateErrorCode,
  type NoticeBlock,
  type NoticeBlockCode,
} from './certificates.ts';

// schema v6: the bench configurations (docs/bench-config.md)
export { activeBenchConfig, activeBenchConfigKey, benchConfigHistory, listBenchConfigs, saveBenchConfig, setActiveBenchConfig } from './benchConfigs.ts';
export { benchConfigItemId, type StoredBenchConfig } from './benchConfigTypes.ts';
