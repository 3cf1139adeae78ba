/**
 * Typed errors of the statistics module (docs/architecture.md, house rules: one shape, a stable `code` callers
 * switch on; the message is for people). A bad value in a column is an error naming its
 * index — never a silent NaN statistic that a regulator might read as a figure.
 */

export type StatisticsErrorCode =
  /** a value is NaN or ±Infinity */
  | 'not-finite'
  /** |value| > MAX_ABS_VALUE: the fourth-moment sums could overflow */
  | 'out-of-range'
  /** an option (MPE, bin width, range) is not usable */
  | 'invalid-argument'
  /** web/src/stats/wasm/stats.wasm is missing: `npm run asbuild` was not run */
  | 'kernel-not-built'
  /** the WASM kernel could not reserve memory for the column */
  | 'out-of-memory';

/**
 * Largest |value| accepted. Far beyond any indication error (%), and small enough that
 * n·(2·MAX)⁴ stays finite for any n a 32-bit WASM memory can hold.
 */
export const MAX_ABS_VALUE = 1e60;

/** The plain-data form of a StatisticsError, as it crosses a worker boundary. */
export interface StatisticsErrorData {
  code: StatisticsErrorCode;
  message: string;
  /** 0-based index of the first bad value in the column, for not-finite / out-of-range */
  index?: number;
  /** which argument, for invalid-argument */
  field?: string;
  /** the flow point whose column is at fault, when a batch was described */
  point?: string;
}

export class StatisticsError extends Error {
  constructor(
    readonly code: StatisticsErrorCode,
    message: string,
    readonly index?: number,
    readonly field?: string,
    readonly point?: string,
  ) {
    super(message);
    this.name = 'StatisticsError';
  }

  /** The same error located at a flow point of a batch ("Q1: value at index 7 …"). */
  atPoint(point: string): StatisticsError {
    return new StatisticsError(this.code, `${point}: ${this.message}`, this.index, this.field, point);
  }

  toData(): StatisticsErrorData {
    const data: StatisticsErrorData = { code: this.code, message: this.message };
    if (this.index !== undefined) data.index = this.index;
    if (this.field !== undefined) data.field = this.field;
    if (this.point !== undefined) data.point = this.point;
    return data;
  }

  static fromData(data: StatisticsErrorData): StatisticsError {
    return new StatisticsError(data.code, data.message, data.index, data.field, data.point);
  }
}

/** The error for the first bad value of a column, found by `firstBadIndex`. */
export function badValueError(index: number, value: number): StatisticsError {
  if (!Number.isFinite(value)) {
    return new StatisticsError('not-finite', `value at index ${index} is ${String(value)}, not a finite number`, index);
  }
  return new StatisticsError('out-of-range', `value at index ${index} is ${value}: |value| must not exceed ${MAX_ABS_VALUE}`, index);
}

export function invalidArgument(field: string, message: string): StatisticsError {
  return new StatisticsError('invalid-argument', `${field}: ${message}`, undefined, field);
}

/** Index of the first value that is not finite or exceeds MAX_ABS_VALUE, or −1. */
export function firstBadIndex(column: Float64Array): number {
  for (let i = 0; i < column.length; i++) {
    const x = column[i] as number;
    // Written so NaN fails the test too.
    if (!(Math.abs(x) <= MAX_ABS_VALUE)) return i;
  }
  return -1;
}
