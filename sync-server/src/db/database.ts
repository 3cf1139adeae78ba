/**
 * The Kysely view of the whole schema: each part of the server declares its own tables
 * (tables/*.ts) beside its migration (migrations/NNN_*.ts).
 */
import type { BenchConfigTables } from './tables/benchConfigs.ts';
import type { IdentityTables } from './tables/identity.ts';
import type { LookupTables } from './tables/lookup.ts';
import type { MetaTables } from './tables/meta.ts';
import type { NqiTables } from './tables/nqi.ts';
import type { SupervisionTables } from './tables/supervision.ts';
import type { SyncTables } from './tables/sync.ts';

export interface Database extends MetaTables, IdentityTables, SyncTables, NqiTables, LookupTables, SupervisionTables, BenchConfigTables {}
