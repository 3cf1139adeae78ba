/**
 * The domain's data shapes: a meter under test and one flow-test run, in the units the
 * regulation uses (docs/rules.md R-METER, R-ERROR, R-VA-WEIGH, R-VA-MASTER, R-VA-TANK).
 * Names carry their unit.
 */

/** Accuracy class (JJG 162-2019 准确度等级); household meters are class 2. */
export type AccuracyClass = 1 | 2;

/** The three flow points of the indication-error test, usually run high to low. */
export type TestPoint = 'Q3' | 'Q2' | 'Q1';

export const TEST_POINTS: readonly TestPoint[] = ['Q3', 'Q2', 'Q1'];

/** Flow zone that decides the MPE (lower: Q1 ≤ Q < Q2, upper: Q2 ≤ Q ≤ Q4). */
export type FlowZone = 'lower' | 'upper';

/** A meter as the nameplate / type approval states it — never guessed. */
export interface Meter {
  /** nominal diameter DN (mm) */
  dn: number;
  /** permanent flow rate Q3 (m³/h) */
  q3M3h: number;
  /** R = Q3 / Q1 */
  r: number;
  accuracyClass: AccuracyClass;
  /** smallest verification scale interval δ of the register (L) */
  deltaL: number;
  /** maximum admissible pressure MAP (MPa), needed to judge the tightness test */
  mapMpa?: number;
}

/** Air conditions in the weighing room, for the air density (buoyancy correction). */
export interface AirConditions {
  tempC: number;
  pressureHPa: number;
  humidityPct: number;
}

/** The reference quantity of a run, by bench method (docs/rules.md R-VA-WEIGH, R-VA-MASTER, R-VA-TANK). */
export type ReferenceReading =
  | {
      /** 称重法: balance net indication */
      method: 'weighing';
      netMassKg: number;
      /** measured air density; wins over `air` */
      airDensityKgPerM3?: number;
      /** air conditions to compute the air density from */
      air?: AirConditions;
      /** water temperature in the collector; the meter's temperature when absent */
      collectorTempC?: number;
    }
  | {
      /** 标准表法: master meter pulses */
      method: 'master-meter';
      pulses: number;
      /** K-factor, pulses per litre */
      pulsesPerL: number;
      /** water temperature at the master meter; the meter's temperature when absent */
      masterTempC?: number;
    }
  | {
      /** 容积法: volumetric tank read at its scale */
      method: 'volumetric-tank';
      nominalL: number;
      /** cubic expansion coefficient β of the tank material (1/K) */
      expansionPerK: number;
      tankTempC: number;
      /** temperature at which the tank was calibrated */
      referenceTempC: number;
    }
  | {
      /** a reference volume already determined at the meter (L) */
      method: 'volume';
      volumeL: number;
    };

/** One flow-test run of one meter at one test point (示值误差 test). */
export interface Run {
  point: TestPoint;
  /** mean actual flow during the run (L/h) */
  flowLph: number;
  /** water temperature at the meter (°C) */
  waterTempC: number;
  /** the meter's indicated volume Vi (L) */
  indicatedL: number;
  reference: ReferenceReading;
}
