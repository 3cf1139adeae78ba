/**
 * The bench configuration (docs/bench-config.md): how one bench is built and wired, so the
 * app can run it — the PLC's port and register map (valves or a start/stop coil, flow,
 * water temperature, pressures, the tightness pressure, each position's pulse counter with
 * its pulse constant), the reference (a balance over MT-SICS on a second port, a master
 * meter or a tank in registers), how the meters are read (pulse pick-ups or by eye), and
 * the bench's identity and expanded uncertainty. A WMB/1 bench runs the test itself and
 * needs only its link.
 *
 * Stored on the device, synced to the server, exported and imported as JSON; validated
 * here with zod, every problem named with its JSON path (`parseBenchConfig`). The
 * configuration is also written into the original record at every connection (the
 * `SETUP` step line, orchestrated/steps.ts), so the raw exchanges of a run can be read back
 * with the map they were read with.
 */
import { z } from 'zod';
import { formatPath, toIssues } from '../../domain/index.ts';
import { BenchConfigError, type RegisterMapIssue } from '../errors.ts';
import { holdingRegister, overlapIssues, registerSchema, type RegisterDef } from '../modbus/registerMap.ts';

export const BENCH_CONFIG_FORMAT = 'erjian.bench/1';

const parity = z.enum(['none', 'even', 'odd']);

/** A serial link's settings (Web Serial `SerialOptions`, the ones a bench manual gives). */
export const serialLinkSchema = z
  .object({
    baudRate: z.number().int().min(300).max(921600),
    dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
    stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
    parity: parity.default('none'),
  })
  .strict();
export type SerialLink = z.output<typeof serialLinkSchema>;

/**
 * Something the app switches: a coil (function 05, on = 0xFF00) or a holding register
 * written with one value for on and another for off (function 06).
 */
export const outputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('coil'), address: z.number().int().min(0).max(65535), note: z.string().optional() }).strict(),
  z
    .object({
      kind: z.literal('register'),
      register: holdingRegister,
      on: z.number().int().min(0).max(65535),
      off: z.number().int().min(0).max(65535),
      note: z.string().optional(),
    })
    .strict(),
]);
export type Output = z.output<typeof outputSchema>;

/** A register that counts (pulses): a whole number that wraps, never a float. */
const counterRegister = registerSchema.superRefine((r, ctx) => {
  if (r.type === 'f32') ctx.addIssue({ code: 'custom', path: ['type'], message: 'a pulse counter is a whole number: u16 or u32, not f32' });
  if (r.scale !== 1) ctx.addIssue({ code: 'custom', path: ['scale'], message: 'a pulse counter is read as counted: scale 1 (give the pulse constant instead)' });
});

const plcSchema = z
  .object({
    link: serialLinkSchema,
    unitId: z.number().int().min(1).max(247),
    registers: z
      .object({
        flowLph: registerSchema,
        waterTempC: registerSchema,
        inletKpa: registerSchema.optional(),
        outletKpa: registerSchema.optional(),
        /** the pressure at the meters during the tightness test */
        tightnessKpa: registerSchema.optional(),
        airTempC: registerSchema.optional(),
        airHPa: registerSchema.optional(),
        airRhPct: registerSchema.optional(),
      })
      .strict(),
    control: z
      .object({
        /** opened in this order for a run, closed in the reverse order; one entry for a start/stop coil */
        valves: z.array(outputSchema).min(1),
        /** the flow set point of a regulating valve, written before a run opens */
        targetFlowLph: holdingRegister.optional(),
        /** builds the test pressure (pump or pressure valve) for the tightness test */
        pressurize: outputSchema.optional(),
        /** lets the test pressure off after the hold */
        vent: outputSchema.optional(),
        /** empties the weighing tank after a run's end values are taken (weighing benches) */
        drain: outputSchema.optional(),
      })
      .strict(),
  })
  .strict();

const referenceSchema = z.discriminatedUnion('kind', [
  /** a balance over MT-SICS on its own port: the net mass of the water collected (docs/rules.md R-VA-WEIGH) */
  z.object({ kind: z.literal('balance'), link: serialLinkSchema }).strict(),
  /** a master meter's pulse counter in the PLC (docs/rules.md R-VA-MASTER) */
  z.object({ kind: z.literal('master-meter'), pulses: counterRegister, pulsesPerL: z.number().positive() }).strict(),
  /** a volumetric tank's level read as litres by the PLC (docs/rules.md R-VA-TANK) */
  z.object({ kind: z.literal('tank'), volumeL: registerSchema }).strict(),
]);

const positionSchema = z
  .object({
    position: z.number().int().min(1).max(99),
    /** the photoelectric pick-up's counter (reading "pulse") */
    counter: counterRegister.optional(),
    /** pulses per litre of the meter's pick-up */
    pulsesPerL: z.number().positive().optional(),
  })
  .strict();

/** How long the app waits for what, in bench seconds; defaults fit a DN15–DN25 bench. */
const timingSchema = z
  .object({
    pollMs: z.number().int().min(50).max(5000).default(250),
    /** samples in a row inside the band and within `stableFlowTolPct` of each other */
    stableFlowSamples: z.number().int().min(2).max(50).default(4),
    stableFlowTolPct: z.number().positive().max(20).default(2),
    flowStableTimeoutS: z.number().positive().default(60),
    /** a closed valve lets through less than this */
    closedFlowLph: z.number().nonnegative().default(0.5),
    closeTimeoutS: z.number().positive().default(15),
    balanceStableTimeoutS: z.number().positive().default(30),
    pressurizeTimeoutS: z.number().positive().default(60),
  })
  .strict();

const wmb1Setup = z.object({ kind: z.literal('wmb1'), link: serialLinkSchema }).strict();

const plcSetup = z
  .object({
    kind: z.literal('plc'),
    plc: plcSchema,
    reference: referenceSchema,
    /** fixed air conditions of the weighing room, when the PLC has no air registers */
    air: z.object({ tempC: z.number(), pressureHPa: z.number().positive(), humidityPct: z.number().min(0).max(100) }).strict().optional(),
    reading: z.enum(['pulse', 'visual']),
    positions: z.array(positionSchema).min(1).max(40),
    timing: timingSchema.default(timingSchema.parse({})),
  })
  .strict();

export const benchConfigSchema = z
  .object({
    format: z.literal(BENCH_CONFIG_FORMAT),
    /** the bench's identity (its serial number or the factory's inventory number): printed on the records */
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(100),
    vendor: z.string().max(100).optional(),
    model: z.string().max(100).optional(),
    /** expanded uncertainty of the reference volume Va (%, k = 2), from the bench's calibration (docs/rules.md R-UNCERT) */
    uRelPct: z.number().positive().max(1),
    setup: z.discriminatedUnion('kind', [wmb1Setup, plcSetup]),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.setup.kind !== 'plc') return;
    const s = c.setup;
    const at = (...path: Array<string | number>) => ['setup', ...path];
    const seen = new Set<number>();
    s.positions.forEach((p, i) => {
      if (seen.has(p.position)) ctx.addIssue({ code: 'custom', path: at('positions', i, 'position'), message: `position ${p.position} is listed twice` });
      seen.add(p.position);
      if (s.reading === 'pulse') {
        if (p.counter === undefined) ctx.addIssue({ code: 'custom', path: at('positions', i, 'counter'), message: 'reading "pulse" needs each position\'s pulse counter' });
        if (p.pulsesPerL === undefined) ctx.addIssue({ code: 'custom', path: at('positions', i, 'pulsesPerL'), message: 'reading "pulse" needs each position\'s pulse constant (pulses per litre)' });
      }
    });
    if (s.reference.kind === 'balance' && s.air === undefined && s.plc.registers.airTempC === undefined) {
      ctx.addIssue({ code: 'custom', path: at('air'), message: 'the weighing method needs the air conditions: air registers in the PLC or fixed values here' });
    }
    for (const o of overlapsOf(s)) ctx.addIssue({ code: 'custom', path: at(...o.path), message: o.message });
  });

export type BenchConfig = z.output<typeof benchConfigSchema>;
export type PlcSetup = Extract<BenchConfig['setup'], { kind: 'plc' }>;
export type PlcConfig = BenchConfig & { setup: PlcSetup };
export type BenchReference = PlcSetup['reference'];
export type BenchTiming = PlcSetup['timing'];

export function isPlcConfig(c: BenchConfig): c is PlcConfig {
  return c.setup.kind === 'plc';
}

/** Every register the PLC setup reads or writes, with its JSON path under `setup`. */
export function plcRegisters(s: PlcSetup): Array<{ path: Array<string | number>; def: RegisterDef }> {
  const out: Array<{ path: Array<string | number>; def: RegisterDef }> = [];
  for (const [k, def] of Object.entries(s.plc.registers)) if (def !== undefined) out.push({ path: ['plc', 'registers', k], def });
  if (s.plc.control.targetFlowLph !== undefined) out.push({ path: ['plc', 'control', 'targetFlowLph'], def: s.plc.control.targetFlowLph });
  const outputs: Array<[Array<string | number>, Output | undefined]> = [
    ...s.plc.control.valves.map((v, i): [Array<string | number>, Output] => [['plc', 'control', 'valves', i], v]),
    [['plc', 'control', 'pressurize'], s.plc.control.pressurize],
    [['plc', 'control', 'vent'], s.plc.control.vent],
    [['plc', 'control', 'drain'], s.plc.control.drain],
  ];
  for (const [path, o] of outputs) if (o?.kind === 'register') out.push({ path: [...path, 'register'], def: o.register });
  if (s.reference.kind === 'master-meter') out.push({ path: ['reference', 'pulses'], def: s.reference.pulses });
  if (s.reference.kind === 'tank') out.push({ path: ['reference', 'volumeL'], def: s.reference.volumeL });
  s.positions.forEach((p, i) => {
    if (p.counter !== undefined) out.push({ path: ['positions', i, 'counter'], def: p.counter });
  });
  return out;
}

/** Two values sharing a register would read each other's bits: always a configuration error. */
function overlapsOf(s: PlcSetup): Array<{ path: Array<string | number>; message: string }> {
  return overlapIssues(plcRegisters(s));
}

/** Validates a configuration; throws BenchConfigError listing every problem with its JSON path. */
export function parseBenchConfig(input: unknown): BenchConfig {
  const parsed = benchConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues: RegisterMapIssue[] = parsed.error.issues.flatMap((issue) =>
    issue.code === 'custom' ? [{ path: formatPath(issue.path), message: issue.message }] : toIssues(new z.ZodError([issue]), input),
  );
  throw new BenchConfigError(issues);
}

/** Same, from the text the user edited or imported (JSON syntax errors included). */
export function parseBenchConfigText(text: string): BenchConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BenchConfigError([{ path: '(root)', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  return parseBenchConfig(json);
}

/** The bench method a configuration measures by (WMB/1 benches declare theirs in ID). */
export function methodOf(s: PlcSetup): 'weighing' | 'master' | 'volumetric' {
  return s.reference.kind === 'balance' ? 'weighing' : s.reference.kind === 'master-meter' ? 'master' : 'volumetric';
}
