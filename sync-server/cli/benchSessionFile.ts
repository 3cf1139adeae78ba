/**
 * The session file of `npm run bench-check` (example: test/fixtures/bench/session.example.json):
 * the meter type, the serial number per position, the test points, and what the operator
 * observed (checklists, leak / damage) — a headless run has no one to ask.
 */
import { z } from 'zod';
import { formatPath } from '../../web/src/domain/index.ts';
import type { SessionPlan } from '../../web/src/bench/session/session.ts';
import type { ChecklistItem } from '../../web/src/domain/index.ts';

const checklist = z.array(z.strictObject({ key: z.string().min(1), ok: z.boolean(), note: z.string().optional() })).min(1);

export const sessionFileSchema = z.strictObject({
  sessionId: z.string().min(1),
  meterType: z.strictObject({
    dn: z.number().positive(),
    q3M3h: z.number().positive(),
    r: z.number().positive(),
    accuracyClass: z.union([z.literal(1), z.literal(2)]),
    deltaL: z.number().positive(),
    mapMpa: z.number().positive().optional(),
  }),
  /** position (1-based, as a string key) → meter serial number */
  positions: z.record(z.string().regex(/^[1-9]\d*$/, 'positions are numbered from 1'), z.string().min(1)),
  points: z
    .array(z.strictObject({ point: z.enum(['Q1', 'Q2', 'Q3']), volumeL: z.number().positive(), lph: z.number().positive().optional() }))
    .min(1),
  tightness: z.strictObject({ kpa: z.number().positive().optional(), holdS: z.number().positive().optional() }).optional(),
  observations: z
    .strictObject({
      external: checklist,
      function: checklist,
      /** positions where the operator saw a leak / damage in the tightness test */
      leakAt: z.array(z.number().int().positive()).default([]),
      damageAt: z.array(z.number().int().positive()).default([]),
    })
    .optional(),
  maxInvalidRuns: z.number().int().positive().optional(),
});

export type SessionFile = z.output<typeof sessionFileSchema>;

export interface ParsedSession {
  plan: SessionPlan;
  positions: Array<[number, string]>;
  observations: { external: ChecklistItem[]; function: ChecklistItem[]; leakAt: number[]; damageAt: number[] } | null;
}

export function parseSessionFile(text: string): ParsedSession {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = sessionFileSchema.safeParse(json);
  if (!r.success) throw new Error(r.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; '));
  const f = r.data;
  const plan: SessionPlan = { sessionId: f.sessionId, meter: f.meterType, points: f.points, tightness: f.tightness, maxInvalidRuns: f.maxInvalidRuns };
  const positions = Object.entries(f.positions)
    .map(([p, s]): [number, string] => [Number(p), s])
    .sort((a, b) => a[0] - b[0]);
  return { plan, positions, observations: f.observations ?? null };
}
