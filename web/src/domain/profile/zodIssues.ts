/**
 * Turns zod issues into `{ path, message }` pairs a person can act on: the path is the
 * dotted location in the JSON (`run.ref.value`, `sampling.value.lotToSample[3].sample`)
 * and the message says what was expected and what was found. Shared by the profile
 * loader and by the input validation of the CLI, so both speak the same way.
 */
import type { z } from 'zod';
import type { ProfileIssue } from '../errors.ts';

/** `['run', 'ref', 0, 'k']` → `run.ref[0].k`; the empty path is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

function messageFor(issue: z.core.$ZodIssue, input: unknown): string {
  const got = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return got === undefined
        ? `is required (expected ${issue.expected})`
        : `expected ${issue.expected}, got ${describe(got)}`;
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator !== undefined && 'options' in issue) {
        const options = (issue.options as readonly unknown[]).map((o) => JSON.stringify(o)).join(', ');
        return got === undefined ? `is required (one of ${options})` : `unknown value ${describe(got)}, expected one of ${options}`;
      }
      return `${issue.message}, got ${describe(got)}`;
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return got === undefined ? `is required (one of ${options})` : `expected one of ${options}, got ${describe(got)}`;
    }
    case 'too_small':
    case 'too_big': {
      // A schema's own message (e.g. the water-density range) says more than the bound.
      if (!/^Too (small|big)/.test(issue.message)) return `${issue.message}, got ${describe(got)}`;
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const op = issue.code === 'too_small' ? (issue.inclusive === true ? '≥' : '>') : issue.inclusive === true ? '≤' : '<';
      if (issue.origin === 'number' || issue.origin === 'bigint') return `must be ${op} ${String(bound)}, got ${describe(got)}`;
      if (issue.code === 'too_small' && Number(bound) === 1) return 'must not be empty';
      return `must have ${op} ${String(bound)} ${issue.origin === 'string' ? 'characters' : 'items'}, got ${describe(got)}`;
    }
    default:
      return got === undefined ? issue.message : `${issue.message}, got ${describe(got)}`;
  }
}

/** Every issue, in zod's order, with a dotted path and a specific message. */
export function toIssues(error: z.ZodError, input: unknown): ProfileIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown field (misspelt?)' }))
      : [{ path: formatPath(issue.path), message: messageFor(issue, input) }],
  );
}
