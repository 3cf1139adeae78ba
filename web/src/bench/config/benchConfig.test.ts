/**
 * The bench configuration's schema (docs/bench-config.md): every shipped example is a valid
 * configuration, and each mistake an integrator makes is named by its JSON path, so the
 * settings screen and `npm run bench-check -- --check-config` can say where to look.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BenchConfigError } from '../errors.ts';
import { isPlcConfig, parseBenchConfig, parseBenchConfigText, plcRegisters, type BenchConfig } from './benchConfig.ts';

const EXAMPLES = new URL('./examples/', import.meta.url);
const exampleFiles = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json'))
  .sort();
const exampleText = (name: string): string => readFileSync(new URL(name, EXAMPLES), 'utf8');
const exampleJson = (name: string): Record<string, unknown> => JSON.parse(exampleText(name)) as Record<string, unknown>;

/** The problems a configuration is refused with, as `path: message`. */
function problems(input: unknown): Array<{ path: string; message: string }> {
  try {
    parseBenchConfig(input);
  } catch (e) {
    if (e instanceof BenchConfigError) return [...e.issues];
    throw e;
  }
  return [];
}

type Key = string | number;

/** A fresh copy of an example with values set (or, for `undefined`, removed) at paths under `setup`. */
function edited(name: string, ...changes: Array<[path: Key[], value: unknown]>): unknown {
  const c = exampleJson(name);
  for (const [path, value] of changes) {
    let at: unknown = c.setup;
    for (const k of path.slice(0, -1)) at = (at as Record<Key, unknown>)[k];
    const last = path.at(-1);
    if (typeof at !== 'object' || at === null || last === undefined) throw new Error(`no ${path.join('.')} in ${name}`);
    if (value === undefined) delete (at as Record<Key, unknown>)[last];
    else (at as Record<Key, unknown>)[last] = value;
  }
  return c;
}

describe('the example configurations', () => {
  it('are there: one per setup this helper ships', () => {
    expect(exampleFiles).toEqual(expect.arrayContaining(['wmb1.json', 'plc-master-meter-pulse.json', 'plc-tank-visual.json']));
  });

  it.each(exampleFiles)('%s is a valid bench configuration', (name) => {
    const c: BenchConfig = parseBenchConfigText(exampleText(name));
    expect(c.id).not.toBe('');
    if (isPlcConfig(c)) {
      // Every register the app will read or write has a place of its own.
      expect(plcRegisters(c.setup).length).toBeGreaterThan(2);
      expect(c.setup.positions.length).toBeGreaterThan(0);
    }
  });

  it('wmb1.json: a WMB/1 bench on 115200 8N1', () => {
    const c = parseBenchConfigText(exampleText('wmb1.json'));
    expect(c.setup).toEqual({ kind: 'wmb1', link: { baudRate: 115200, dataBits: 8, stopBits: 1, parity: 'none' } });
  });

  it('plc-master-meter-pulse.json: the master meter counted in the PLC, 10 positions read by pulse pick-up', () => {
    const c = parseBenchConfigText(exampleText('plc-master-meter-pulse.json'));
    if (!isPlcConfig(c)) throw new Error('not a PLC setup');
    expect(c.setup.reference.kind).toBe('master-meter');
    expect(c.setup.reading).toBe('pulse');
    expect(c.setup.positions.map((p) => p.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('plc-tank-visual.json: a tank read in litres by the PLC, 10 positions read by eye', () => {
    const c = parseBenchConfigText(exampleText('plc-tank-visual.json'));
    if (!isPlcConfig(c)) throw new Error('not a PLC setup');
    expect(c.setup.reference).toMatchObject({ kind: 'tank', volumeL: { type: 'f32' } });
    expect(c.setup.reading).toBe('visual');
    expect(c.setup.positions).toHaveLength(10);
    // Timing left out: the defaults fit a DN15–DN25 bench.
    expect(c.setup.timing.pollMs).toBe(250);
  });
});

describe('a configuration is refused with the path of every problem', () => {
  it('a pulse counter read as f32', () => {
    const bad = edited('plc-master-meter-pulse.json', [['positions', 3, 'counter'], { table: 'input', address: 26, type: 'f32', wordOrder: 'low-first' }]);
    expect(problems(bad)).toContainEqual({ path: 'setup.positions[3].counter.type', message: expect.stringContaining('whole number') });
  });

  it('a master meter counter with a scale', () => {
    const bad = edited('plc-master-meter-pulse.json', [['reference', 'pulses', 'scale'], 0.001]);
    expect(problems(bad)).toContainEqual({ path: 'setup.reference.pulses.scale', message: expect.stringContaining('pulse constant') });
  });

  it('a u16 given a word order', () => {
    const bad = edited('plc-tank-visual.json', [['plc', 'registers', 'waterTempC', 'wordOrder'], 'high-first']);
    expect(problems(bad)).toContainEqual({ path: 'setup.plc.registers.waterTempC.wordOrder', message: expect.stringContaining('u16') });
  });

  it('a u32 without one', () => {
    const bad = edited('plc-master-meter-pulse.json', [['positions', 0, 'counter', 'wordOrder'], undefined]);
    expect(problems(bad)).toContainEqual({ path: 'setup.positions[0].counter.wordOrder', message: expect.stringContaining('high-first') });
  });

  it('overlapping registers in one table, and only in one table', () => {
    // The flow is f32 at input 0–1: the water temperature at input 1 would read its low word.
    const bad = edited('plc-master-meter-pulse.json', [['plc', 'registers', 'waterTempC', 'address'], 1]);
    expect(problems(bad)).toEqual([{ path: 'setup.plc.registers.waterTempC', message: 'overlaps plc.registers.flowLph (input register 0–1)' }]);
    const otherTable = edited('plc-master-meter-pulse.json', [['plc', 'registers', 'waterTempC'], { table: 'holding', address: 1, type: 'u16', scale: 0.01 }]);
    expect(problems(otherTable)).toEqual([]);
  });

  it('reading "pulse" without counters or pulse constants', () => {
    const bad = edited('plc-tank-visual.json', [['reading'], 'pulse']);
    const paths = problems(bad).map((p) => p.path);
    for (let i = 0; i < 10; i++) expect(paths).toEqual(expect.arrayContaining([`setup.positions[${i}].counter`, `setup.positions[${i}].pulsesPerL`]));
    expect(paths).toHaveLength(20);
  });

  it('weighing without the air conditions', () => {
    const bad = edited('plc-master-meter-pulse.json', [['reference'], { kind: 'balance', link: { baudRate: 9600 } }]);
    expect(problems(bad)).toEqual([{ path: 'setup.air', message: expect.stringContaining('air conditions') }]);
    const withAir = edited(
      'plc-master-meter-pulse.json',
      [['reference'], { kind: 'balance', link: { baudRate: 9600 } }],
      [['air'], { tempC: 20, pressureHPa: 1013, humidityPct: 50 }],
    );
    expect(problems(withAir)).toEqual([]);
  });

  it('a position listed twice', () => {
    const bad = edited('plc-tank-visual.json', [['positions', 7, 'position'], 3]);
    expect(problems(bad)).toEqual([{ path: 'setup.positions[7].position', message: 'position 3 is listed twice' }]);
  });

  it('several problems at once: every one of them', () => {
    const bad = edited(
      'plc-master-meter-pulse.json',
      [['positions', 1, 'position'], 1],
      [['positions', 2, 'counter', 'type'], 'f32'],
      [['plc', 'registers', 'flowLhp'], { table: 'input', address: 60, type: 'u16' }],
    );
    expect(problems(bad).map((p) => p.path).sort()).toEqual(['setup.plc.registers.flowLhp', 'setup.positions[1].position', 'setup.positions[2].counter.type']);
  });

  it('text that is not JSON', () => {
    const text = exampleText('wmb1.json').replace('"uRelPct": 0.2,', '"uRelPct": 0.2,,');
    try {
      parseBenchConfigText(text);
      expect.unreachable('parsed text that is not JSON');
    } catch (e) {
      expect(e).toBeInstanceOf(BenchConfigError);
      expect((e as BenchConfigError).issues).toEqual([{ path: '(root)', message: expect.stringContaining('not valid JSON') }]);
    }
  });

  it('another format', () => {
    expect(problems({ ...exampleJson('wmb1.json'), format: 'erjian.bench/2' }).map((p) => p.path)).toEqual(['format']);
  });
});
