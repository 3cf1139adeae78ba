/**
 * One connected bench and its session's resources: the port and driver, the recorder
 * (bench/recorder/sessionRecorder.ts, writing to the store through ./storeTarget.ts), the
 * session object, the session's row in the store and its Web Lock — and the one way they
 * are given back (issue 10 item 10): `finish` leaves the row as it must be left and always
 * releases the lock; `close` lets go of the port(s). Whatever fails part-way, the controller
 * calls both, in that order. The bench is a WMB/1 bench on one port or a PLC bench with its
 * balance on two (./benchOpeners.ts): the same session either way.
 */
import { defaultProfile, type Meter, type PlannedRun } from '../../domain/index.ts';
import { BenchError, SessionRecorder, VerificationSession, type BenchIdentity, type RecorderProblem, type SessionEvent, type Trace } from '../../bench/index.ts';
import { endSession, markSessionInterrupted } from '../../store/index.ts';
import type { AppStore } from '../appStore.ts';
import type { OpenBench, OpenedBench } from './benchOpeners.ts';
import type { Reverification } from './benchState.ts';
import type { SessionLock } from './sessionLock.ts';
import { storeTarget } from './storeTarget.ts';

/** Why a session row is left interrupted (stable codes, worded by ui/sessions/messages.ts). */
export type InterruptionReason = 'aborted-by-operator' | 'disconnected-by-operator' | 'connect-failed';

export class BenchLink {
  readonly recorder: SessionRecorder;
  /** a meter verified again: the record it replaces and why, by serial */
  readonly reverifications = new Map<string, Reverification>();
  /** the opened bench (one port or two) */
  connection: OpenedBench | null = null;
  /** how it was opened: again the same way after a pulled cable */
  private open: OpenBench | null = null;
  session: VerificationSession | null = null;
  /** the session's row in the store, while this link runs it (and holds its lock) */
  sessionId: string | null = null;
  private readonly unfollow: Array<() => void> = [];

  constructor(
    readonly store: AppStore,
    readonly operator: string,
    readonly batchId: string,
    private readonly lock: SessionLock,
    private readonly trace: Trace,
    onProblem: (p: RecorderProblem) => void,
  ) {
    const target = storeTarget(store, { batchId, operator, reverification: (serial) => this.reverifications.get(serial) ?? null });
    this.recorder = new SessionRecorder(target, onProblem);
  }

  /**
   * Opens the bench and asks it who it is (HELLO), then whether it is busy (STAT?):
   * a bench still running something of an earlier session is stopped before this one
   * starts (docs/bench-protocols.md WMB/1, Resume). Nothing is in the store yet.
   */
  async connect(open: OpenBench): Promise<BenchIdentity> {
    this.open = open;
    this.connection = await open({ sink: this.recorder, trace: this.trace });
    const bench = this.connection.bench;
    const identity = await bench.identify();
    const status = await bench.status();
    if (status.state !== 'idle') await bench.stop();
    return identity;
  }

  /** From now on the session row `sessionId` is this link's: its lock is held, its lines are its own. */
  async claim(sessionId: string, firstSeq: number | null = null): Promise<void> {
    this.sessionId = sessionId;
    await this.lock.acquire(sessionId);
    this.recorder.startSession(sessionId, firstSeq);
  }

  /** The session object on the connection, followed by the recorder and by `onEvent`. */
  follow(meter: Meter, identity: BenchIdentity, points: readonly PlannedRun[], onEvent: (e: SessionEvent) => void, runIdPrefix?: string): VerificationSession {
    const sessionId = this.sessionId;
    if (sessionId === null) throw new BenchError('session-state', 'the session is followed once it is claimed');
    const session = new VerificationSession(this.connection!.bench, { sessionId, meter, points: [...points], ...(runIdPrefix === undefined ? {} : { runIdPrefix }) }, { profile: defaultProfile });
    this.unfollow.push(this.recorder.follow((l) => session.on(l)));
    this.unfollow.push(session.on(onEvent));
    session.identified(identity);
    this.session = session;
    return session;
  }

  /** After a pulled cable: the bench opened again as it was (both ports of a PLC bench), the session resumed on it (same bench). */
  async reconnect(): Promise<void> {
    const open = this.open;
    if (open === null) throw new BenchError('not-connected', 'no bench is connected');
    await this.connection?.close().catch(() => undefined);
    this.connection = null;
    this.connection = await open({ sink: this.recorder, trace: this.trace });
    await this.session!.resume(this.connection.bench);
  }

  /** The verdicts stored (after every run they are made of), the session ended, its lock released. */
  async complete(): Promise<number> {
    const verdicts = this.session!.verdicts();
    await this.recorder.storeVerdicts(verdicts);
    await endSession(this.store.db, this.sessionId!, this.operator);
    this.sessionId = null;
    this.lock.release();
    await this.store.record.checkpoint();
    return verdicts.length;
  }

  /**
   * Leaves the session row as it must be left, and the lock released, whatever fails:
   * ended when it has no runs (nothing to resume — a clean 断开 is no interruption),
   * interrupted with `reason` otherwise, to be resumed or closed from #/sessions.
   */
  async finish(reason: InterruptionReason): Promise<void> {
    try {
      const sessionId = this.sessionId;
      if (sessionId === null) return;
      this.sessionId = null;
      await this.recorder.flush();
      const ranSomething = (this.session?.progress() ?? []).some((s) => s.runs.length > 0);
      if (ranSomething) await markSessionInterrupted(this.store.db, sessionId, this.operator, reason);
      else await endSession(this.store.db, sessionId, this.operator);
    } catch {
      // Already ended or interrupted (another tab's start-up marked it): nothing to undo.
    } finally {
      this.lock.release();
    }
  }

  /** Lets go of the port: the session's events are no longer followed, the connection is closed. */
  async close(): Promise<void> {
    for (const off of this.unfollow.splice(0)) off();
    await this.connection?.close().catch(() => undefined);
    this.connection = null;
  }
}
