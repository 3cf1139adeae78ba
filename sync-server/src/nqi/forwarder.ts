/**
 * The NQI forwarder (docs/nqi.md "Forwarder"): a background loop that sends the outbox to
 * the platform through the adapter, one row at a time in order, with exponential backoff and
 * full jitter (backoff.ts), dead letters after `maxAttempts` transient failures or at once on
 * a refusal. Its timer is unref'd (it never keeps the process alive), its clock and random
 * source are injected, and `close()` stops it: the timer is cleared, an answer being awaited
 * is abandoned (not counted as an attempt), and close resolves once the loop has returned.
 *
 * After a transient failure the tick ends: during an outage the loop makes one attempt per
 * poll instead of failing every due row at once, and every row's count stays true. After a
 * full batch that moved, the next tick follows at once: a backlog (a large sync) drains at
 * the platform's pace, not at `batchSize` rows per `pollMs`.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/open.ts';
import { all, qb, run } from '../db/sql.ts';
import type { NqiOutboxRow } from '../db/tables/nqi.ts';
import type { NqiAck, NqiAdapter, NqiOutcome } from './adapter.ts';
import { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff.ts';
import { planRow } from './plan.ts';
import type { NqiRecord } from './record.ts';

export interface ForwarderOptions extends BackoffPolicy {
  /** how often the loop looks for due rows (ms) */
  pollMs: number;
  /** rows looked at per tick */
  batchSize: number;
}

export const defaultForwarderOptions: ForwarderOptions = { ...defaultBackoff, pollMs: 1_000, batchSize: 100 };

export interface ForwarderDeps {
  db: Db;
  adapter: NqiAdapter;
  clock: () => Date;
  /** uniform in [0, 1): a seeded PRNG in tests */
  random: () => number;
  log?: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  options?: Partial<ForwarderOptions>;
}

export type RowOutcome = 'sent' | 'skipped' | 'deferred' | 'refused' | 'retry' | 'exhausted' | 'aborted';

export interface TickReport {
  sent: number;
  skipped: number;
  deferred: number;
  dead: number;
  retried: number;
}

export interface Forwarder {
  /** process the due rows now (the loop does this every poll) */
  runOnce(): Promise<TickReport>;
  /** wake the loop now instead of at the next poll */
  kick(): void;
  close(): Promise<void>;
}

type OutboxRow = NqiOutboxRow;

export function startForwarder(deps: ForwarderDeps): Forwarder {
  const options = { ...defaultForwarderOptions, ...deps.options };
  const { db, adapter, clock, random } = deps;
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<TickReport> | null = null;
  let closed = false;
  /** the last tick took a full batch and moved it: a backlog (see tick) */
  let more = false;

  function dueRows(): OutboxRow[] {
    return all(
      db,
      qb
        .selectFrom('nqi_outbox')
        .selectAll()
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', clock().toISOString())
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(options.batchSize),
    ) as OutboxRow[];
  }

  /**
   * A platform answer's write, not yet committed. It is committed in the same transaction as
   * the next row's plan (or alone when no plan follows): one synchronous=FULL commit per row
   * instead of two, each one an fsync that holds the event loop — and the public lookup with
   * it. Nothing awaits between an answer and its commit (the next row is planned at once), so
   * a crash finds the same state as with a commit of its own.
   */
  type Owed = () => void;

  async function tick(): Promise<TickReport> {
    const report: TickReport = { sent: 0, skipped: 0, deferred: 0, dead: 0, retried: 0 };
    let owed: Owed | null = null;
    const commit = (also?: () => void): void => {
      const write = owed;
      owed = null;
      if (!write && !also) return;
      try {
        db.transaction(() => {
          write?.();
          also?.();
        })();
      } catch (err) {
        // the plan failed: the answer is still owed, and committed on its own when the tick ends
        owed = write;
        throw err;
      }
    };
    const due = dueRows();
    more = false;
    try {
      for (const row of due) {
        if (closed) break;
        const outcome = await processRow(row, commit, (w) => (owed = w));
        if (outcome === 'sent') report.sent++;
        else if (outcome === 'skipped') report.skipped++;
        else if (outcome === 'deferred') report.deferred++;
        else if (outcome === 'refused' || outcome === 'exhausted') report.dead++;
        else if (outcome === 'retry') {
          report.retried++;
          break;
        } else break;
      }
    } finally {
      commit();
    }
    // A full batch that moved: more rows are probably due — the next tick at once, not after pollMs.
    more = due.length >= options.batchSize && report.sent + report.skipped + report.dead > 0 && report.retried === 0;
    return report;
  }

  /** `commit(also)` commits the owed write with `also`; `owe(write)` leaves this row's answer to be committed. */
  async function processRow(row: OutboxRow, commit: (also?: () => void) => void, owe: (write: Owed) => void): Promise<RowOutcome> {
    if (row.op === null) {
      let plan: ReturnType<typeof planRow> | undefined;
      commit(() => {
        plan = planRow(db, row);
        if (plan.kind === 'skip') {
          run(db, qb.updateTable('nqi_outbox').set({ state: 'skipped', last_error: plan.why, done_at: clock().toISOString() }).where('id', '=', row.id));
        } else if (plan.kind === 'send') {
          row = { ...row, op: plan.op, platform_id: plan.platformId, body: JSON.stringify(plan.body), idempotency_key: plan.key };
          run(
            db,
            qb.updateTable('nqi_outbox').set({ op: row.op, platform_id: row.platform_id, body: row.body, idempotency_key: row.idempotency_key }).where('id', '=', row.id),
          );
        }
      });
      if (plan?.kind === 'defer') return 'deferred';
      if (plan?.kind === 'skip') return 'skipped';
    } else {
      commit();
    }
    const outcome = await send(row);
    return record(row, outcome, owe);
  }

  function send(row: OutboxRow): Promise<NqiOutcome<NqiAck>> {
    const key = row.idempotency_key ?? '';
    const body = JSON.parse(row.body ?? 'null') as unknown;
    const signal = abort.signal;
    if (row.op === 'create') return adapter.create(body as NqiRecord, key, signal);
    if (row.op === 'update') return adapter.update(row.platform_id ?? '', body as NqiRecord, key, signal);
    return adapter.withdraw(row.platform_id ?? '', row.verification_id, key, signal);
  }

  /** The answer: the outbox row and what the platform now holds, written together (owed: see tick). */
  function record(row: OutboxRow, outcome: NqiOutcome<NqiAck>, owe: (write: Owed) => void): RowOutcome {
    if (!outcome.ok && outcome.kind === 'aborted') return 'aborted';
    const now = clock();
    const at = now.toISOString();
    const attempts = row.attempts + 1;
    const common = { attempts, last_attempt_at: at, last_status: outcome.ok ? 200 : outcome.status };
    if (outcome.ok) {
      const ack = outcome.value;
      owe(() => {
        run(db, qb.updateTable('nqi_outbox').set({ ...common, state: 'sent', done_at: at, last_error: null, platform_id: ack.platform_id }).where('id', '=', row.id));
        if (row.op === 'withdraw') run(db, qb.updateTable('nqi_records').set({ status: 'withdrawn' }).where('platform_id', '=', ack.platform_id));
        run(
          db,
          qb
            .insertInto('nqi_records')
            .values({ verification_id: row.verification_id, platform_id: ack.platform_id, status: ack.status, idempotency_key: row.idempotency_key ?? '', revision: ack.revision, acknowledged_at: at })
            .onConflict((oc) =>
              oc.column('verification_id').doUpdateSet({ platform_id: ack.platform_id, status: ack.status, idempotency_key: row.idempotency_key ?? '', revision: ack.revision, acknowledged_at: at }),
            ),
        );
      });
      return 'sent';
    }
    if (outcome.kind === 'refused' || attempts >= options.maxAttempts) {
      const deadReason = outcome.kind === 'refused' ? 'refused' : 'exhausted';
      owe(() => run(db, qb.updateTable('nqi_outbox').set({ ...common, state: 'dead', dead_reason: deadReason, done_at: at, last_error: outcome.message }).where('id', '=', row.id)));
      deps.log?.warn({ outbox: row.id, verification: row.verification_id, status: outcome.status, reason: deadReason }, `NQI publication is a dead letter: ${outcome.message}`);
      return deadReason;
    }
    const next = new Date(now.getTime() + backoffDelay(attempts, options, random)).toISOString();
    owe(() => run(db, qb.updateTable('nqi_outbox').set({ ...common, next_attempt_at: next, last_error: outcome.message }).where('id', '=', row.id)));
    return 'retry';
  }

  function schedule(delayMs: number): void {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(loop, delayMs);
    timer.unref();
  }

  function loop(): void {
    timer = undefined;
    void runOnce().then(
      () => schedule(more ? 0 : options.pollMs),
      (err: unknown) => {
        deps.log?.error({ err }, 'NQI forwarder tick failed');
        schedule(options.pollMs);
      },
    );
  }

  /** One tick at a time: a second caller waits for the running one, then runs its own. */
  async function runOnce(): Promise<TickReport> {
    while (running) await running.catch(() => undefined);
    if (closed) return { sent: 0, skipped: 0, deferred: 0, dead: 0, retried: 0 };
    running = tick();
    try {
      return await running;
    } finally {
      running = null;
    }
  }

  schedule(0);
  return {
    runOnce,
    kick: () => schedule(0),
    close: async () => {
      closed = true;
      clearTimeout(timer);
      abort.abort();
      await running?.catch(() => undefined);
    },
  };
}
