/**
 * `bench-config` push items (docs/bench-config.md; issue 14 item 1): a saved version of a
 * bench configuration. The server takes a configuration only if it validates with the
 * PC's own `parseBenchConfig` (one schema, both sides); otherwise it refuses it with
 * `bench-config-invalid`, the message naming every path. Stored append-only by device,
 * id and version (migration 007): the same content again is a duplicate, another content
 * under a held version a conflict.
 */
import { parseBenchConfig, type BenchConfig } from '../../../web/src/bench/config/benchConfig.ts';
import { BenchConfigError } from '../../../web/src/bench/errors.ts';
import { canonicalJson } from '../../../web/src/store/chain.ts';
import { benchConfigItemSchema, type BenchConfigItem, type PushItem, type RejectReason } from '../../../web/src/sync/protocol.ts';
import { first, qb, run } from '../db/sql.ts';
import { accepted, checkDeviceTime, duplicate, rejected, Refusal, type IngestContext } from './context.ts';
import { bytesHashSync } from './hashing.ts';

export interface PreparedBenchConfig {
  kind: 'bench-config';
  id: string;
  ok: true;
  body: BenchConfigItem;
  config: BenchConfig;
  hash: string;
}

type Refused = { kind: 'bench-config'; id: string; ok: false; reason: RejectReason; message: string; retry: boolean };

const refuse = (item: PushItem, reason: RejectReason, message: string): Refused => ({ kind: 'bench-config', id: item.id, ok: false, reason, message, retry: false });

export function prepareBenchConfig(item: PushItem): PreparedBenchConfig | Refused {
  const parsed = benchConfigItemSchema.safeParse(item.body);
  if (!parsed.success) return refuse(item, 'schema-invalid', `not a bench configuration item: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`);
  const body = parsed.data;
  if (item.id !== `${body.configId}#${body.version}`) return refuse(item, 'schema-invalid', `a bench configuration's id is <configId>#<version>, not ${item.id}`);
  let config: BenchConfig;
  try {
    config = parseBenchConfig(body.config);
  } catch (err) {
    if (err instanceof BenchConfigError) return refuse(item, 'bench-config-invalid', err.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    throw err;
  }
  if (config.id !== body.configId) return refuse(item, 'schema-invalid', `the item names configuration ${body.configId}, its body is ${config.id}`);
  // The hash is over the item as validated: what is stored is what is compared on a re-push.
  const validated = { ...body, config };
  return { kind: 'bench-config', id: item.id, ok: true, body: validated, config, hash: bytesHashSync(new TextEncoder().encode(canonicalJson(validated))) };
}

export function takeBenchConfig(ctx: IngestContext, b: PreparedBenchConfig): void {
  const held = first(
    ctx.db,
    qb.selectFrom('bench_configs').select('content_hash').where('device_id', '=', ctx.deviceId).where('config_id', '=', b.body.configId).where('version', '=', b.body.version),
  );
  if (held) {
    if (held.content_hash === b.hash) return duplicate(ctx, 'bench-config', b.id);
    return rejected(ctx, 'bench-config', b.id, new Refusal('content-conflict', `bench configuration ${b.id} is held with another content`));
  }
  const late = checkDeviceTime(ctx, `bench configuration ${b.id}`, b.body.savedAt, null);
  if (late) return rejected(ctx, 'bench-config', b.id, late);
  run(
    ctx.db,
    qb.insertInto('bench_configs').values({
      device_id: ctx.deviceId,
      config_id: b.body.configId,
      version: b.body.version,
      body: JSON.stringify(b.config),
      saved_at: b.body.savedAt,
      saved_by: b.body.savedBy,
      received_at: ctx.nowIso,
      content_hash: b.hash,
    }),
  );
  accepted(ctx, 'bench-config', b.id);
}
