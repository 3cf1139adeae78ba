/**
 * `npm run evaluate -- FILE|-`: evaluates JSON Lines of flow-test runs with the rules of
 * web/src/domain and prints one JSON result per line, streaming (readline), so a file of
 * any size is answered line by line. See USAGE in evaluateArgs.ts.
 */
import { createReadStream, openSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { computeSoftwareId } from '../../web/build/softwareId.ts';
import { defaultProfile, loadProfile, type RegulationProfile } from '../../web/src/domain/index.ts';
import { parseEvaluateArgs, USAGE } from './evaluateArgs.ts';
import { evaluateLine, inputLineSchema } from './evaluateLine.ts';
import { EXIT_USAGE, UsageError, runCli } from './cliRun.ts';

const EXIT_MALFORMED = 1;


function readProfile(path: string | undefined): RegulationProfile {
  if (path === undefined) return defaultProfile;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read profile ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return loadProfile(text);
  } catch (err) {
    throw new UsageError(`profile ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function openInput(input: string): NodeJS.ReadableStream {
  if (input === '-') return process.stdin;
  let fd: number;
  try {
    fd = openSync(input, 'r');
  } catch (err) {
    throw new UsageError(`cannot read ${input}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return createReadStream('', { fd, encoding: 'utf8' });
}

/** Evaluates every line; returns whether any line was malformed. */
async function evaluateStream(input: NodeJS.ReadableStream, profile: RegulationProfile): Promise<boolean> {
  const schema = inputLineSchema(profile);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let malformed = false;
  for await (const raw of lines) {
    lineNumber += 1;
    const text = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    const outcome = evaluateLine(text, lineNumber, schema, profile);
    if (outcome.kind === 'blank') continue;
    if (outcome.kind === 'error') malformed = true;
    process.stdout.write(`${JSON.stringify(outcome.kind === 'result' ? outcome.result : outcome.error)}\n`);
  }
  return malformed;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseEvaluateArgs(argv);
  switch (args.kind) {
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'usage-error':
      process.stderr.write(`error: ${args.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    case 'version': {
      const profile = readProfile(args.profilePath);
      const id = computeSoftwareId();
      const version = { name: 'erjian', version: id.version, sha256: id.sha256, profile: { id: profile.id, version: profile.version } };
      process.stdout.write(`${JSON.stringify(version)}\n`);
      return 0;
    }
    case 'evaluate': {
      const profile = readProfile(args.profilePath);
      const malformed = await evaluateStream(openInput(args.input), profile);
      return malformed ? EXIT_MALFORMED : 0;
    }
  }
}

runCli(main);
