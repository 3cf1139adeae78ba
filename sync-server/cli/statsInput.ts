/**
 * Reads a column of errors (%), one decimal number per line, for `npm run stats`. Strict
 * on purpose: an exported column that does not parse cleanly is reported line by line,
 * never half-read (see USAGE in statsArgs.ts).
 */
import { MAX_ABS_VALUE } from '../../web/src/stats/errors.ts';

const LIMIT = MAX_ABS_VALUE.toExponential().replace('e+', 'e');

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A plain decimal number (no hex, no "Infinity", no thousands separators), or undefined. */
export function parseDecimal(text: string): number | undefined {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : undefined;
}

export interface BadLine {
  /** 1-based, counting blank lines too */
  line: number;
  reason: string;
  text: string;
}

export interface ParsedColumn {
  values: Float64Array;
  bad: BadLine[];
}

export function parseColumn(text: string): ParsedColumn {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const values = new Float64Array(lines.length);
  const bad: BadLine[] = [];
  let n = 0;
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const x = parseDecimal(raw);
    if (x === undefined) bad.push({ line: i + 1, reason: 'not a decimal number', text: raw });
    else if (!(Math.abs(x) <= MAX_ABS_VALUE)) bad.push({ line: i + 1, reason: Number.isFinite(x) ? `beyond ±${LIMIT}` : 'not a finite number', text: raw });
    else values[n++] = x;
  });
  return { values: values.subarray(0, n), bad };
}

/** "line 7: not a decimal number: "abc"", the content shortened to keep the list readable. */
export function formatBadLine(b: BadLine): string {
  const shown = b.text.length > 80 ? `${b.text.slice(0, 77)}...` : b.text;
  return `line ${b.line}: ${b.reason}: ${JSON.stringify(shown)}`;
}
