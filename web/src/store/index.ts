export { ErjianDb, databaseName } from './db.ts';
export { OriginalRecord, type OriginalRecordOptions } from './originalRecord.ts';
export { verifyIntegrity, type IntegrityReport } from './integrity.ts';
export { getOrCreateDevice, signCanonical, verifyCanonical } from './deviceKey.ts';
export { StorageError, toStorageError, rootCause, type StorageErrorCode } from './errors.ts';
export { checkChain, lineHash, genesisHash, canonicalJson, sha256Hex, type ChainBreak } from './chain.ts';
export type * from './types.ts';
