/**
 * The bench screen's checks that need this PC's records, before anything reaches the bench
 * (docs/rules.md R-IDENT): may a session start with this operator, batch and meter type,
 * and may a scanned meter be mounted. The decisions are the domain's; this reads what they
 * need from the store.
 */
import {
  defaultProfile,
  mountDecision,
  pilotDate,
  sessionStandingNotices,
  sessionStartRefusals,
  type IsoDate,
  type MountDecision,
  type SessionStandingNotice,
  type SessionStartRefusal,
} from '../../domain/index.ts';
import { currentVerification, type MeterType } from '../../store/index.ts';
import type { AppStore } from '../appStore.ts';

export interface ConnectForm {
  operator: string;
  batchId: string;
  meterTypeModel: string;
}

export async function connectRefusals(store: AppStore, form: ConnectForm): Promise<SessionStartRefusal[]> {
  const batchId = form.batchId.trim();
  const batch = batchId === '' ? undefined : await store.db.batches.get(batchId);
  return sessionStartRefusals({ ...form, batch: batch ?? null });
}

/** The penalty ladder's notices for the chosen model, and the Tai'an date of the sync they come from. */
export interface ConnectNotices {
  notices: SessionStandingNotice[];
  /** when this PC last pulled the enterprise's standing; null before its first sync */
  syncedOn: IsoDate | null;
}

/**
 * What the cached standing says of a session of `meterTypeModel` (docs/penalties.md "At the
 * bench"): notices the operator acknowledges before connecting, not refusals.
 */
export async function connectNotices(store: AppStore, meterTypeModel: string): Promise<ConnectNotices> {
  const enterprise = (await store.db.enterprise.toCollection().first()) ?? null;
  const fetched = enterprise === null ? Number.NaN : Date.parse(enterprise.fetchedAt);
  return {
    notices: sessionStandingNotices(enterprise, meterTypeModel),
    syncedOn: Number.isNaN(fetched) ? null : pilotDate(fetched, defaultProfile),
  };
}

export interface MountRequest {
  text: string;
  pos: number;
  meterType: MeterType;
  batchId: string;
  mounted: ReadonlyMap<number, string>;
}

/** The domain's decision, first on what was scanned alone, then with the meter's batch and current record. */
export async function checkMount(store: AppStore, req: MountRequest): Promise<MountDecision> {
  const input = { text: req.text, pos: req.pos, mounted: req.mounted, batchId: req.batchId, meterBatchId: null, current: null, ...(req.meterType.serialFormat ? { format: req.meterType.serialFormat } : {}) };
  const first = mountDecision(input);
  if (first.kind === 'refuse') return first;
  const [entry, current] = await Promise.all([store.db.meters.get(first.serial), currentVerification(store.db, first.serial)]);
  return mountDecision({
    ...input,
    meterBatchId: entry?.batchId ?? null,
    current: current === null ? null : { id: current.id, batchId: current.batchId, verificationDate: current.verificationDate, passed: current.verdict.passed },
  });
}
