/**
 * Is a pair of visual readings plausible? (启停法 read by eye; issue 14 item 3.) The
 * operator types each meter's register before and after a run; a slip of the finger — a
 * digit dropped or doubled, the wrong position's value — shows as an end below the start
 * or as a change far from the water the run let through (the run's target volume Va). Such
 * a reading is questioned before it is accepted, never refused: the meter may really be
 * that wrong, and the operator decides (the record keeps what was typed, docs/records.md).
 *
 * The bounds are deliberately wide, 0.2 × Va to 5 × Va: a meter within any MPE, even one
 * failing by tens of per cent, stays far inside them, so only slips are questioned.
 */

/** Why a reading is questioned (worded in ui/bench/readingMessages.ts, zh-CN and English). */
export type ReadingDoubtCode = 'end-before-start' | 'change-too-large' | 'change-too-small';

export type ReadingPlausibility = { plausible: true } | { plausible: false; code: ReadingDoubtCode; changeL: number; volL: number };

/** The change above which a reading is questioned, as a multiple of the run's volume. */
export const MAX_CHANGE_FACTOR = 5;
/** The change below which a reading is questioned, as a fraction of the run's volume. */
export const MIN_CHANGE_FACTOR = 0.2;

/**
 * @param startL the position's start reading (L)
 * @param endL the end reading just typed (L)
 * @param volL the run's target volume (L), what a plausible pair moves by
 */
export function readingPlausibility(startL: number, endL: number, volL: number): ReadingPlausibility {
  const changeL = endL - startL;
  if (changeL < 0) return { plausible: false, code: 'end-before-start', changeL, volL };
  if (!(volL > 0)) return { plausible: true };
  if (changeL > MAX_CHANGE_FACTOR * volL) return { plausible: false, code: 'change-too-large', changeL, volL };
  if (changeL < MIN_CHANGE_FACTOR * volL) return { plausible: false, code: 'change-too-small', changeL, volL };
  return { plausible: true };
}
