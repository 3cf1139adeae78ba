/**
 * Every migration, in order. Numbers are allocated per part of the server:
 * 001 metadata · 002 identity, devices and reference data (identity/) · 003 sync ingest
 * (sync/) · 004 NQI publication (nqi/) · 005 public lookup and recall notices (lookup/) ·
 * 006 supervision (supervision/) · 007 bench configurations (sync/, benchConfigs/).
 */
import { m001 } from './001_meta.ts';
import { m002 } from './002_identity.ts';
import { m003 } from './003_sync.ts';
import { m004 } from './004_nqi.ts';
import { m005 } from './005_lookup.ts';
import { m006 } from './006_supervision.ts';
import { m007 } from './007_bench_configs.ts';
import type { Migration } from './migration.ts';

export type { Migration } from './migration.ts';

export const migrations: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007];
