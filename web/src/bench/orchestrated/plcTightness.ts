/**
 * The tightness test 密封性 on a PLC bench (docs/rules.md R-TIGHT; docs/bench-config.md
 * "Tightness"): pressurize until the tightness register reads the setpoint, stop
 * pressurizing, then read the pressure every second of bench time through the hold — the
 * PT trace the session judges — and vent. Every reading is a recorded Modbus exchange.
 */
import type { PlcSetup } from '../config/benchConfig.ts';
import { BenchError } from '../errors.ts';
import type { RegisterDef } from '../modbus/registerMap.ts';
import type { Clock } from '../types.ts';
import type { Wmb1Message } from '../wmb1/messages.ts';
import type { PlcIo } from './plcIo.ts';
import { checkpoint, pause, reasonOf } from './runControl.ts';

export class PlcTightness {
  private readonly gauge: RegisterDef;
  private readonly pressurize: NonNullable<PlcSetup['plc']['control']['pressurize']>;

  constructor(
    private readonly plc: PlcIo,
    private readonly clock: Clock,
    private readonly signal: AbortSignal,
  ) {
    const s = plc.setup.plc;
    if (s.registers.tightnessKpa === undefined || s.control.pressurize === undefined) {
      throw new BenchError('plc-no-tightness', 'the bench configuration has no tightness pressure register or no pressurize output: run the tightness test on the bench itself');
    }
    this.gauge = s.registers.tightnessKpa;
    this.pressurize = s.control.pressurize;
  }

  /** Pressurizes until `kpa`; rejects with `pressure-not-reached` (the pump stopped, the bench vented). */
  async build(kpa: number): Promise<void> {
    const { pressurizeTimeoutS, pollMs } = this.plc.setup.timing;
    try {
      await this.plc.setOutput(this.pressurize, true);
      const until = this.clock.now() + pressurizeTimeoutS * 1000;
      for (;;) {
        const now = await this.plc.driver.readValue(this.gauge);
        checkpoint(this.signal);
        if (now >= kpa) break;
        if (this.clock.now() >= until) throw new BenchError('pressure-not-reached', `${now} kPa after ${pressurizeTimeoutS} s, ${kpa} kPa wanted`, undefined, { kpa });
        await pause(this.clock, pollMs, this.signal);
      }
      await this.plc.setOutput(this.pressurize, false);
    } catch (e) {
      await this.release();
      throw e;
    }
  }

  /** The hold: PT every second from 0 to `holdS`, vent, PTEND; or ABORT with the reason. Never rejects. */
  async hold(holdS: number, emit: (m: Wmb1Message) => void): Promise<Wmb1Message[]> {
    try {
      const t0 = this.clock.now();
      let first = NaN;
      let last = NaN;
      for (let t = 0; t <= holdS; t++) {
        // Paced from the start, so the samples stay one bench second apart however long a read takes.
        const wait = t0 + t * 1000 - this.clock.now();
        if (wait > 0) await pause(this.clock, wait, this.signal);
        last = await this.plc.driver.readValue(this.gauge);
        checkpoint(this.signal);
        if (t === 0) first = last;
        emit({ verb: 'PT', tS: t, kpa: last });
      }
      await this.plc.vent(this.clock);
      return [{ verb: 'PTEND', kpa0: first, kpa1: last, holdS, gaugeId: null, gaugeUKpa: null }];
    } catch (e) {
      await this.release();
      return reasonOf(e) === 'device-lost' ? [] : [{ verb: 'ABORT', id: '-', reason: reasonOf(e) }];
    }
  }

  /** Stops pressurizing and vents, best effort: what a stopped or failed test leaves behind. */
  private async release(): Promise<void> {
    await this.plc.release(this.clock).catch(() => undefined);
  }
}
