/**
 * `npm run sample -- --seed S --candidates FILE --n N`: the regulator's 双随机 selection,
 * reproducible by anyone (docs/rules.md R-SAMPLING; web/src/domain/randomSelection.ts): each
 * candidate id (one a line, UTF-8; blank lines skipped) ranked by HMAC-SHA256(seed, id) as
 * lower-case hex, ascending; the first N printed as JSON Lines {"rank","id","hmac"}, rank from 1.
 * The same rule with another seed picks the inspectors.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { InvalidInputError, selectSample } from '../../web/src/domain/index.ts';
import { runCli, UsageError } from './cliRun.ts';

const USAGE = `Usage: npm run sample -- --seed SEED --candidates FILE --n N
  FILE: one candidate id a line (UTF-8; "-" for standard input); blank lines are skipped.
  Prints the first N candidates by HMAC-SHA256(key = SEED, message = id), lower-case hex,
  ascending, as JSON Lines {"rank","id","hmac"}. Exit 2 on a usage or input error.`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readCandidates(path: string): Promise<string[]> {
  let text: string;
  try {
    text = path === '-' ? await readStdin() : await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  // Ids are taken exactly as written: only the line end (LF or CRLF) is removed.
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.length > 0);
}

async function main(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { seed: { type: 'string' }, candidates: { type: 'string' }, n: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.seed === undefined || values.candidates === undefined || values.n === undefined) throw new UsageError(`--seed, --candidates and --n are required\n${USAGE}`);
  const n = Number(values.n);
  const ids = await readCandidates(values.candidates);
  try {
    for (const c of await selectSample(values.seed, ids, n)) process.stdout.write(`${JSON.stringify({ rank: c.rank, id: c.id, hmac: c.hmac })}\n`);
  } catch (err) {
    if (err instanceof InvalidInputError) throw new UsageError(err.message);
    throw err;
  }
  return 0;
}

runCli(main);
