/**
 * `npm run stats -- --mpe M FILE|-`: the batch error statistics of one exported column,
 * as a JSON object — so an institute can re-check what the app showed. See USAGE in
 * statsArgs.ts.
 */
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { computeSoftwareId } from '../../web/build/softwareId.ts';
import { StatisticsError } from '../../web/src/stats/errors.ts';
import { loadNodeKernel } from '../../web/src/stats/loadKernel.node.ts';
import { jsEngine } from '../../web/src/stats/reference.ts';
import { STATISTICS_KEYS, type ColumnStatistics, type StatisticsEngine } from '../../web/src/stats/types.ts';
import { parseStatsArgs, USAGE, type StatsArgs } from './statsArgs.ts';
import { formatBadLine, parseColumn } from './statsInput.ts';
import { EXIT_USAGE, UsageError, runCli } from './cliRun.ts';

const EXIT_BAD_LINES = 1;


async function readInput(input: string): Promise<string> {
  try {
    return input === '-' ? await text(process.stdin) : await readFile(input, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${input}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function engineFor(name: 'wasm' | 'js'): Promise<StatisticsEngine> {
  if (name === 'js') return jsEngine;
  try {
    return await loadNodeKernel();
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)} (or use --engine js)`);
  }
}

/** The figures in the documented key order, then the engine. */
function output(s: ColumnStatistics, engine: string): string {
  const ordered: Record<string, unknown> = {};
  for (const key of STATISTICS_KEYS) ordered[key] = s[key];
  ordered.engine = engine;
  return JSON.stringify(ordered);
}

async function run(args: Extract<StatsArgs, { kind: 'stats' }>): Promise<number> {
  const engine = await engineFor(args.engine);
  const { values, bad } = parseColumn(await readInput(args.input));
  if (bad.length > 0) {
    process.stderr.write(`error: ${bad.length} bad line${bad.length === 1 ? '' : 's'}; no statistics computed:\n`);
    process.stderr.write(`${bad.map(formatBadLine).join('\n')}\n`);
    return EXIT_BAD_LINES;
  }
  let s: ColumnStatistics;
  try {
    s = engine.describe(values, { mpe: args.mpe, histogram: { width: args.bin, lo: args.range[0], hi: args.range[1] } });
  } catch (err) {
    if (err instanceof StatisticsError && err.code === 'invalid-argument') throw new UsageError(err.message);
    throw err;
  }
  process.stdout.write(`${output(s, engine.name)}\n`);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseStatsArgs(argv);
  switch (args.kind) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'usage-error':
      process.stderr.write(`error: ${args.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    case 'version': {
      const id = computeSoftwareId();
      process.stdout.write(`${JSON.stringify({ name: 'erjian', version: id.version, sha256: id.sha256 })}\n`);
      return 0;
    }
    case 'stats':
      return run(args);
  }
}

runCli(main);
