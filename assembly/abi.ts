/**
 * Result slots (f64) the kernel writes and web/src/stats/kernelAbi.ts reads; the two
 * lists must match (checked by web/src/stats/kernel.test.ts through ABI_VERSION). A NaN
 * in a slot means "not defined for this column" and becomes null in JS: the input has
 * been checked, so no NaN can come from the data.
 */
export const ABI_VERSION: i32 = 1;

export const SLOT_N: i32 = 0;
export const SLOT_MEAN: i32 = 1;
export const SLOT_SD: i32 = 2;
export const SLOT_SE: i32 = 3;
export const SLOT_CI_LO: i32 = 4;
export const SLOT_CI_HI: i32 = 5;
export const SLOT_MIN: i32 = 6;
export const SLOT_MAX: i32 = 7;
export const SLOT_SKEWNESS: i32 = 8;
export const SLOT_KURTOSIS: i32 = 9;
export const SLOT_BEYOND_MPE: i32 = 10;
export const SLOT_BEYOND_HALF_MPE: i32 = 11;
export const SLOT_CPK: i32 = 12;
/** p1, p5, p50, p95, p99 in slots 13 … 17 */
export const SLOT_QUANTILES: i32 = 13;
export const SLOT_BELOW: i32 = 18;
export const SLOT_ABOVE: i32 = 19;
/** index of the first bad value when describe() returns STATUS_BAD_VALUE */
export const SLOT_BAD_INDEX: i32 = 20;
export const RESULT_SLOTS: i32 = 24;

export const STATUS_OK: i32 = 0;
/** a value is NaN, ±Infinity or beyond ±MAX_ABS_VALUE; its index is in SLOT_BAD_INDEX */
export const STATUS_BAD_VALUE: i32 = 1;
/** describe() was called for more values or bins than reserve() made room for */
export const STATUS_NOT_RESERVED: i32 = 2;

/** Same bound as web/src/stats/errors.ts MAX_ABS_VALUE: keeps n·(2·MAX)⁴ finite. */
export const MAX_ABS_VALUE: f64 = 1e60;

/** describe() flag: compute the quantiles (a selection pass). */
export const FLAG_QUANTILES: i32 = 1;
