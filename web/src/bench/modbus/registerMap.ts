/**
 * The user-editable register map of a PLC bench (docs/bench-protocols.md Modbus RTU): which register
 * holds the flow, the water temperature, the reference quantity and each position's
 * indicated volume; data type (u16 / u32 / f32), word order and scale. The app validates
 * it before it polls anything, and says where and what is wrong.
 *
 * Every quantity is `raw × scale` in the unit its name carries (e.g. a u32 pulse counter
 * with scale 0.01 for a pick-up of 100 pulses per litre gives litres).
 */
import { z } from 'zod';
import { formatPath, toIssues } from '../../domain/index.ts';
import { RegisterMapError, type RegisterMapIssue } from '../errors.ts';

export const REGISTER_TYPES = ['u16', 'u32', 'f32'] as const;
export type RegisterType = (typeof REGISTER_TYPES)[number];

/** For 32-bit values: which 16-bit register comes first. PLC makers differ, so it must be stated. */
export const WORD_ORDERS = ['high-first', 'low-first'] as const;
export type WordOrder = (typeof WORD_ORDERS)[number];

/** One mapped value: where it is, its type and word order, its scale (shared by the register map and the bench configuration). */
export const registerSchema = z
  .object({
    table: z.enum(['holding', 'input']),
    address: z.number().int().min(0).max(65535),
    type: z.enum(REGISTER_TYPES),
    wordOrder: z.enum(WORD_ORDERS).optional(),
    scale: z.number().finite().refine((v) => v !== 0, 'scale must not be 0').default(1),
    unit: z.string().optional(),
    note: z.string().optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.type === 'u16' && r.wordOrder !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['wordOrder'], message: 'a u16 is one register: word order means nothing here, remove it' });
    }
    if (r.type !== 'u16' && r.wordOrder === undefined) {
      ctx.addIssue({ code: 'custom', path: ['wordOrder'], message: `a ${r.type} spans two registers: say "high-first" or "low-first"` });
    }
    if (r.address + wordsOf(r.type) - 1 > 65535) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'the value runs past register 65535' });
    }
  });

export type RegisterDef = z.output<typeof registerSchema>;

export const holdingRegister = registerSchema.refine((r) => r.table === 'holding', { message: 'only holding registers can be written', path: ['table'] });

export const registerMapSchema = z
  .object({
    name: z.string().min(1),
    unitId: z.number().int().min(1).max(247),
    /** what `reference` measures, as in WMB/1 `unit=` */
    referenceUnit: z.enum(['kg', 'L', 'pulse']),
    /** K-factor, for referenceUnit=pulse */
    pulsesPerL: z.number().positive().optional(),
    quantities: z
      .object({
        flowLph: registerSchema,
        waterTempC: registerSchema,
        reference: registerSchema,
        inletKpa: registerSchema.optional(),
        airTempC: registerSchema.optional(),
        airHPa: registerSchema.optional(),
        airRhPct: registerSchema.optional(),
      })
      .strict(),
    positions: z
      .array(z.object({ position: z.number().int().min(1), indicatedL: registerSchema }).strict())
      .min(1),
    control: z
      .object({
        /** written with function 06 */
        command: holdingRegister,
        commands: z.object({ start: z.number().int().min(0).max(65535), stop: z.number().int().min(0).max(65535) }).strict(),
        /** written with function 16 */
        targetFlowLph: holdingRegister.optional(),
        targetVolumeL: holdingRegister.optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((map, ctx) => {
    if (map.referenceUnit === 'pulse' && map.pulsesPerL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['pulsesPerL'], message: 'referenceUnit "pulse" needs the K-factor pulsesPerL' });
    }
    const seen = new Set<number>();
    map.positions.forEach((p, i) => {
      if (seen.has(p.position)) ctx.addIssue({ code: 'custom', path: ['positions', i, 'position'], message: `position ${p.position} is listed twice` });
      seen.add(p.position);
    });
    for (const o of overlaps(map)) ctx.addIssue({ code: 'custom', path: o.path, message: o.message });
  });

export type RegisterMap = z.output<typeof registerMapSchema>;

export function wordsOf(type: RegisterType): number {
  return type === 'u16' ? 1 : 2;
}

export interface Placed {
  path: Array<string | number>;
  def: { table: 'holding' | 'input'; address: number; type: RegisterType };
}

/** Every register of the map with its JSON path. */
export function placedRegisters(map: Pick<RegisterMap, 'quantities' | 'positions' | 'control'>): Placed[] {
  const out: Placed[] = [];
  for (const [k, def] of Object.entries(map.quantities)) if (def !== undefined) out.push({ path: ['quantities', k], def });
  map.positions.forEach((p, i) => out.push({ path: ['positions', i, 'indicatedL'], def: p.indicatedL }));
  if (map.control !== undefined) {
    for (const k of ['command', 'targetFlowLph', 'targetVolumeL'] as const) {
      const def = map.control[k];
      if (def !== undefined) out.push({ path: ['control', k], def });
    }
  }
  return out;
}

function pathText(path: Array<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Two values sharing a register would read each other's bits: always a map error (the bench configuration uses it too). */
export function overlapIssues(placed: readonly Placed[]): Array<{ path: Array<string | number>; message: string }> {
  const sorted = [...placed].sort((a, b) => a.def.address - b.def.address);
  const out: Array<{ path: Array<string | number>; message: string }> = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as Placed;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j] as Placed;
      if (b.def.address > a.def.address + wordsOf(a.def.type) - 1) break;
      if (a.def.table !== b.def.table) continue;
      out.push({
        path: b.path,
        message: `overlaps ${pathText(a.path)} (${a.def.table} register ${a.def.address}${wordsOf(a.def.type) > 1 ? `–${a.def.address + 1}` : ''})`,
      });
    }
  }
  return out;
}

function overlaps(map: RegisterMap): Array<{ path: Array<string | number>; message: string }> {
  return overlapIssues(placedRegisters(map));
}

/** Validates a map; throws RegisterMapError listing every problem with its JSON path. */
export function parseRegisterMap(input: unknown): RegisterMap {
  const parsed = registerMapSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  // Our own checks already say what was found; zod's own issues get the shared wording.
  const issues = parsed.error.issues.flatMap((issue) =>
    issue.code === 'custom' ? [{ path: formatPath(issue.path), message: issue.message }] : toIssues(new z.ZodError([issue]), input),
  );
  throw new RegisterMapError(issues);
}

/** Same, from the text the user edited (JSON syntax errors included). */
export function parseRegisterMapText(text: string): RegisterMap {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const issue: RegisterMapIssue = { path: '(root)', message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
    throw new RegisterMapError([issue]);
  }
  return parseRegisterMap(json);
}
