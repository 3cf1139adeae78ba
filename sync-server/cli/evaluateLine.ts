/**
 * One line of the golden-case JSON Lines format (docs/architecture.md, "Golden cases":
 * test/fixtures/runs.in.jsonl): its wire schema, its mapping onto the domain's
 * `Meter` and `Run`, and its result line. The rules themselves live in web/src/domain;
 * this file only reads and writes the format.
 *
 * Objects are strict: an unknown field is an error, because a misspelt optional field
 * (`rho_ari`) would otherwise silently fall back to a default and change Va.
 */
import { z } from 'zod';
import {
  DomainError,
  evaluateRun,
  isInPilotScope,
  toIssues,
  type Meter,
  type ReferenceReading,
  type RegulationProfile,
  type Run,
  type RunEvaluation,
  type RunReason,
} from '../../web/src/domain/index.ts';

/**
 * The format's reasons: the run's own, then `out-of-scope` for a meter outside the
 * pilot's scope. That last one is information about the meter, not about the run: it
 * neither invalidates nor fails the run (docs/rules.md R-SCOPE).
 */
export type ResultReason = RunReason | 'out-of-scope';

/** The result line, keys in the order of runs.expected.jsonl. */
export interface ResultLine {
  id: string;
  va_l: number;
  error_pct: number;
  zone: RunEvaluation['zone'];
  mpe_pct: number;
  valid: boolean;
  /**
   * The format's pass, as the golden cases define it: valid, in the pilot's scope and
   * |E| ≤ MPE — the run counts towards a meter issued under 二检合一.
   */
  pass: boolean;
  reasons: ResultReason[];
  /**
   * valid and |E| ≤ MPE: the run's metrological result, whatever the pilot's scope
   * (docs/rules.md R-SCOPE: scope decides issuing, never conformity). Added after the
   * format's own keys so a reader of the golden format sees both results.
   */
  conforming: boolean;
}

/** A line that could not be evaluated; `line` is 1-based. */
export interface ErrorLine {
  line: number;
  error: string;
}

export type LineOutcome = { kind: 'result'; result: ResultLine } | { kind: 'error'; error: ErrorLine } | { kind: 'blank' };

const positive = z.number().positive();

/** The wire schema of one input line, checked against `profile` (R series, density range). */
export function inputLineSchema(profile: RegulationProfile) {
  const { validFromC, validToC, model } = profile.waterDensity.value;
  const densityTemp = z
    .number()
    .min(validFromC, `must be within ${validFromC}–${validToC} °C, the range of the water-density model ${model}`)
    .max(validToC, `must be within ${validFromC}–${validToC} °C, the range of the water-density model ${model}`);
  const rSeries = profile.rSeries.value;

  const kg = z
    .strictObject({
      unit: z.literal('kg'),
      value: positive,
      rho_air: positive.optional(),
      ta: z.number().optional(),
      pa: positive.optional(),
      rh: z.number().min(0).max(100).optional(),
      t_collector: densityTemp.optional(),
    })
    .superRefine((ref, ctx) => {
      const given = (['ta', 'pa', 'rh'] as const).filter((k) => ref[k] !== undefined);
      if (given.length > 0 && given.length < 3) {
        for (const k of (['ta', 'pa', 'rh'] as const).filter((key) => ref[key] === undefined)) {
          ctx.addIssue({ code: 'custom', path: [k], message: `is required when ${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} given (ta, pa and rh go together)` });
        }
      }
    });
  const pulse = z.strictObject({ unit: z.literal('pulse'), value: positive, k: positive });
  const litres = z.strictObject({ unit: z.literal('L'), value: positive });

  return z
    .strictObject({
      id: z.string().min(1),
      meter: z.strictObject({
        dn: positive,
        q3: positive,
        r: positive.refine((r) => rSeries.includes(r), `is not in the R series of profile ${profile.id} (${rSeries.join(', ')})`),
        class: z.literal([1, 2]),
        delta_l: positive,
      }),
      run: z.strictObject({
        point: z.enum(['Q3', 'Q2', 'Q1']),
        lph: positive,
        tw: z.number(),
        vi: z.number().min(0),
        ref: z.discriminatedUnion('unit', [kg, pulse, litres]),
      }),
    })
    .superRefine((line, ctx) => {
      // Weighing turns mass into volume with ρw(tw): outside the model's range it cannot.
      if (line.run.ref.unit === 'kg' && !(line.run.tw >= validFromC && line.run.tw <= validToC)) {
        ctx.addIssue({ code: 'custom', path: ['run', 'tw'], message: `must be within ${validFromC}–${validToC} °C for a weighed reference (water-density model ${model})` });
      }
    });
}

export type InputLine = z.infer<ReturnType<typeof inputLineSchema>>;

function toReference(ref: InputLine['run']['ref']): ReferenceReading {
  switch (ref.unit) {
    case 'kg':
      return {
        method: 'weighing',
        netMassKg: ref.value,
        ...(ref.rho_air === undefined ? {} : { airDensityKgPerM3: ref.rho_air }),
        ...(ref.ta === undefined || ref.pa === undefined || ref.rh === undefined
          ? {}
          : { air: { tempC: ref.ta, pressureHPa: ref.pa, humidityPct: ref.rh } }),
        ...(ref.t_collector === undefined ? {} : { collectorTempC: ref.t_collector }),
      };
    case 'pulse':
      return { method: 'master-meter', pulses: ref.value, pulsesPerL: ref.k };
    case 'L':
      return { method: 'volume', volumeL: ref.value };
  }
}

/** The wire line as the domain's meter and run. */
export function toDomain(line: InputLine): { id: string; meter: Meter; run: Run } {
  const m = line.meter;
  const r = line.run;
  return {
    id: line.id,
    meter: { dn: m.dn, q3M3h: m.q3, r: m.r, accuracyClass: m.class, deltaL: m.delta_l },
    run: { point: r.point, flowLph: r.lph, waterTempC: r.tw, indicatedL: r.vi, reference: toReference(r.ref) },
  };
}

export function toResultLine(id: string, e: RunEvaluation, inPilotScope: boolean): ResultLine {
  const reasons: ResultReason[] = inPilotScope ? [...e.reasons] : [...e.reasons, 'out-of-scope'];
  return { id, va_l: e.vaL, error_pct: e.errorPct, zone: e.zone, mpe_pct: e.mpePct, valid: e.valid, pass: e.pass && inPilotScope, reasons, conforming: e.pass };
}

/**
 * Evaluates one line of text. Whitespace-only lines are `blank`: they produce no output
 * but still count for the line numbers of later errors.
 */
export function evaluateLine(
  text: string,
  lineNumber: number,
  schema: ReturnType<typeof inputLineSchema>,
  profile: RegulationProfile,
): LineOutcome {
  if (text.trim() === '') return { kind: 'blank' };
  const fail = (error: string): LineOutcome => ({ kind: 'error', error: { line: lineNumber, error } });
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (err) {
    return fail(`not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return fail(toIssues(parsed.error, json).map((i) => `${i.path}: ${i.message}`).join('; '));
  }
  const { id, meter, run } = toDomain(parsed.data);
  try {
    return { kind: 'result', result: toResultLine(id, evaluateRun(meter, run, profile), isInPilotScope(meter.dn, profile)) };
  } catch (err) {
    if (err instanceof DomainError) return fail(`cannot evaluate ${JSON.stringify(id)}: ${err.message} (${err.code})`);
    throw err;
  }
}
