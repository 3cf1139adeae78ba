/**
 * The schema of a regulation profile: every rule value of JJG 162-2019 and of the pilot
 * plan that the engine uses, as data, each with the citation it comes from and a
 * `confirm` flag where the value could not be checked against the regulation's text
 * (docs/rules.md, "The regulation profile": "every rule value belongs in a versioned
 * regulation profile, so that a regulator can correct a value without a release").
 *
 * Objects are strict: a misspelt key in a corrected profile is an error, never a value
 * silently left at a default.
 */
import { z } from 'zod';

/** A rule value with where it comes from. */
function cited<T extends z.ZodType>(value: T) {
  return z.strictObject({
    value,
    unit: z.string().optional(),
    /** the clause or document the value comes from */
    source: z.string().min(1),
    /** true where the value still has to be confirmed against the regulation's text */
    confirm: z.boolean().optional(),
    note: z.string().optional(),
  });
}

const positive = z.number().positive();
const percent = positive.max(100);
const positiveInt = z.number().int().positive();

const classMpe = z.strictObject({ lower: percent, upper: percent, upperHot: percent });

const flowBand = z
  .strictObject({ minFactor: positive, maxFactor: positive })
  .refine((b) => b.minFactor <= b.maxFactor, { message: 'minFactor must not exceed maxFactor', path: ['minFactor'] });

const samplingRow = z.strictObject({
  minLot: positiveInt,
  codeLetter: z.string().regex(/^[A-R]$/),
  sample: positiveInt,
});

export const profileSchema = z.strictObject({
  schema: z.literal('erjian.regulation-profile.v1'),
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, "." and "-"'),
  version: z.string().min(1),
  title: z.string().min(1),
  note: z.string().optional(),

  mpe: cited(
    z.strictObject({
      /** the upper-zone column switches to `upperHot` when the water is hotter than this (°C) */
      hotAboveC: z.number(),
      class1: classMpe,
      class2: classMpe,
    }),
  ),
  inServiceMpeFactor: cited(z.number().min(1)),
  flowBands: cited(z.strictObject({ Q1: flowBand, Q2: flowBand, Q3: flowBand })),
  temperatureClass: cited(
    z
      .strictObject({ name: z.string().min(1), minC: z.number(), maxC: z.number() })
      .refine((t) => t.minC < t.maxC, { message: 'minC must be below maxC', path: ['minC'] }),
  ),
  minimumVolumeFactor: cited(z.strictObject({ class1: positive, class2: positive })),
  flowRatios: cited(z.strictObject({ q2OverQ1: z.number().gt(1), q4OverQ3: z.number().gt(1) })),
  rSeries: cited(z.array(positive).min(1)),
  usagePeriod: cited(
    z.strictObject({
      limitedUse: z.strictObject({
        maxQ3: positive,
        bands: z
          .array(z.strictObject({ maxDn: positive, years: positiveInt }))
          .min(1)
          .refine((bands) => bands.every((b, i) => i === 0 || b.maxDn > (bands[i - 1]?.maxDn ?? 0)), {
            message: 'bands must be in rising maxDn order',
          }),
      }),
      periodicYears: positiveInt,
    }),
  ),
  tightness: cited(
    z
      .strictObject({
        /** the test pressure that must be held, × MAP */
        pressureFactorOfMap: z.number().min(1),
        holdSeconds: positive,
        /** the setpoint commanded to the bench: pressureFactorOfMap × MAP × (1 + margin/100) */
        setpointMarginPct: z.number().min(0).max(20),
        /** the setpoint must stay under this × MAP (a test pressure that could damage a good meter) */
        maxFactorOfMap: z.number().min(1),
      })
      .refine((t) => t.pressureFactorOfMap * (1 + t.setpointMarginPct / 100) < t.maxFactorOfMap, {
        message: 'the setpoint (pressureFactorOfMap with its margin) must stay below maxFactorOfMap',
        path: ['setpointMarginPct'],
      }),
  ),
  /**
   * How a failed flow point is repeated and how the results combine (docs/rules.md R-REPEAT):
   * `rerun-decides` — up to `maxReruns` re-runs after a failure, the last valid run decides;
   * `two-of-three-mean` — a failure is repeated twice; the point passes only if at least 2 of
   * the 3 results and their mean are within MPE.
   */
  repeatRule: cited(
    z.discriminatedUnion('rule', [
      z.strictObject({ rule: z.literal('rerun-decides'), maxReruns: z.number().int().min(0) }),
      z.strictObject({ rule: z.literal('two-of-three-mean') }),
    ]),
  ),
  weighing: cited(z.strictObject({ weightsDensityKgPerM3: positive, defaultAirDensityKgPerM3: positive })),
  waterDensity: cited(
    z.strictObject({
      model: z.string().min(1),
      a1: z.number(),
      a2: z.number(),
      a3: z.number(),
      a4: z.number(),
      a5: positive,
      validFromC: z.number(),
      validToC: z.number(),
    }),
  ),
  airDensity: cited(
    z.strictObject({
      model: z.string().min(1),
      pressureCoefficient: positive,
      humidityCoefficient: z.number().min(0),
      humidityExponent: z.number(),
    }),
  ),
  /** the bench's expanded uncertainty must be ≤ MPE / mpeDivisor (1/5: divisor 5, so the limit is exact) */
  benchUncertainty: cited(z.strictObject({ mpeDivisor: z.number().min(1) })),
  pilotScope: cited(
    z
      .strictObject({ minDn: positive, maxDn: positive, categories: z.array(z.string().min(1)).min(1) })
      .refine((s) => s.minDn <= s.maxDn, { message: 'minDn must not exceed maxDn', path: ['minDn'] }),
  ),
  batchBias: cited(
    z
      .strictObject({ okMaxRatio: positive, warnMaxRatio: positive })
      .refine((b) => b.okMaxRatio <= b.warnMaxRatio, { message: 'okMaxRatio must not exceed warnMaxRatio', path: ['okMaxRatio'] }),
  ),
  sampling: cited(
    z.strictObject({
      standard: z.string().min(1),
      inspectionLevel: z.string().min(1),
      acceptanceNumber: z.number().int().min(0),
      lotToSample: z.array(samplingRow).min(1).superRefine(checkSamplingTable),
    }),
  ),
  authorisation: cited(z.strictObject({ validityYears: positiveInt, renewalWindowMonths: positiveInt })),
  penaltyLadder: cited(
    z
      .strictObject({ batchReturnedAt: positiveInt, rectificationAt: positiveInt, revokedAt: positiveInt })
      .refine((l) => l.batchReturnedAt < l.rectificationAt && l.rectificationAt < l.revokedAt, {
        message: 'the ladder must climb: batchReturnedAt < rectificationAt < revokedAt',
        path: ['rectificationAt'],
      }),
  ),
  /** the IANA time zone of the pilot's civil dates (检定日期, 有效期, batch and authorisation dates) */
  timeZone: cited(z.string().refine(isTimeZone, { message: 'must be an IANA time zone, e.g. Asia/Shanghai' })),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Lot sizes rise row by row and sample sizes never fall (GB/T 2828.1 Table 1 is monotone). */
function checkSamplingTable(rows: ReadonlyArray<z.infer<typeof samplingRow>>, ctx: z.RefinementCtx): void {
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1];
    const row = rows[i];
    if (prev === undefined || row === undefined) continue;
    if (row.minLot <= prev.minLot) {
      ctx.addIssue({ code: 'custom', path: [i, 'minLot'], message: `must be greater than the previous row's minLot ${prev.minLot}` });
    }
    if (row.sample < prev.sample) {
      ctx.addIssue({ code: 'custom', path: [i, 'sample'], message: `must not be smaller than the previous row's sample ${prev.sample}` });
    }
  }
}

/** A validated regulation profile. */
export type RegulationProfile = z.infer<typeof profileSchema>;
