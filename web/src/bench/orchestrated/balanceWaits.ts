/**
 * The balance's part of a weighing run (docs/rules.md R-VA-WEIGH; docs/bench-protocols.md
 * MT-SICS): tare, a stable reading before the start and after the end (only `S S` values
 * are taken: the replay reads the last one before each TAKE), and the net mass while the
 * water runs in (`SI`, for the stop criterion only). Waits run on the bench clock.
 */
import { BenchError } from '../errors.ts';
import type { MtSicsDriver, Weight } from '../mtsics/driver.ts';
import { kgOf } from '../mtsics/parse.ts';
import type { Clock } from '../types.ts';
import { checkpoint, pause, RunVoid } from './runControl.ts';

const notStable = (e: unknown) => e instanceof BenchError && e.code === 'balance-not-stable';

export class BalanceWaits {
  constructor(
    private readonly balance: MtSicsDriver,
    private readonly clock: Clock,
    private readonly timeoutS: number,
    private readonly pollMs: number,
  ) {}

  /** Retries `step` while the balance is not stable, up to the configured time; then the run is void. */
  private async whileUnstable<T>(step: () => Promise<T>, signal: AbortSignal): Promise<T> {
    const until = this.clock.now() + this.timeoutS * 1000;
    for (;;) {
      try {
        const v = await step();
        checkpoint(signal);
        return v;
      } catch (e) {
        checkpoint(signal);
        if (!notStable(e)) throw e;
        if (this.clock.now() + this.pollMs > until) throw new RunVoid('balance-not-stable', `the balance gave no stable reading within ${this.timeoutS} s`);
      }
      await pause(this.clock, this.pollMs, signal);
    }
  }

  tare(signal: AbortSignal): Promise<Weight> {
    return this.whileUnstable(() => this.balance.tare(), signal);
  }

  stable(signal: AbortSignal): Promise<Weight> {
    return this.whileUnstable(() => this.balance.weighStable(), signal);
  }

  /** The net mass now, stable or not (kg). */
  async netKg(signal: AbortSignal): Promise<number> {
    const w = await this.balance.weighImmediate();
    checkpoint(signal);
    return kgOf(w);
  }
}
