/**
 * `npm run bench-check`: a headless verification session against a bench, through the same
 * session code as the app, so an integrator can commission a bench without a browser
 * (issue 14; docs/bench-config.md "Commissioning").
 *
 * - `--check-config FILE` (alias `--validate`) validates a bench configuration and prints
 *   every problem with its JSON path (exit 2), or what the app will read and switch (exit 0).
 * - `--port PATH --protocol wmb1 --session FILE`, or `--config FILE` with a WMB/1 setup: the
 *   bench runs each test itself (docs/bench-protocols.md WMB/1).
 * - `--config FILE --port PATH [--balance-port PATH] --session FILE` with a PLC setup: the
 *   app's orchestrator (`openPlcBench`) runs the bench as the app does — tare, start values,
 *   open, stable flow in the band, collect, close, stable balance, end values — over the
 *   PLC's port and, when the reference is a balance, the balance's; meters read by pulse
 *   pick-up, or by eye from `--readings FILE` (required then).
 *
 * Prints JSON Lines: the bench identity, the tightness test (valid or invalid and why, hold
 * window, decay hint, gauge; an invalid test is repeated up to maxInvalidRuns) and the
 * leak / damage per position, every run (point, actual flow, Va, and per position Vi, E,
 * MPE, valid, reasons) with the raw lines it was read from (`run-lines`, numbers of the
 * `--raw` file), each meter's verdict, and protocol faults as events with counts. The lines
 * go through the app's own session recorder. Exit status: 0 the session ran to its
 * verdicts; 1 it could not (bench lost or silent, a reading missing); 2 usage or input error.
 */
import { readFileSync } from 'node:fs';
import { isPlcConfig, type BenchConfig } from '../../web/src/bench/config/benchConfig.ts';
import { SessionRecorder } from '../../web/src/bench/recorder/sessionRecorder.ts';
import { VerificationSession } from '../../web/src/bench/session/session.ts';
import { parseCheckArgs, USAGE, UsageError, type CheckArgs } from './benchCheckArgs.ts';
import { configSummary, loadBenchConfig, problemText } from './benchConfigFile.ts';
import { openPlc, openWmb1, type OpenedBench } from './benchOpen.ts';
import { sessionEventLine } from './benchOutput.ts';
import { fileReader, parseReadings, type ReadingFailure, type ReadingLine } from './benchReadings.ts';
import { FileRecordTarget } from './benchRecordTarget.ts';
import { parseSessionFile, type ParsedSession } from './benchSessionFile.ts';

function usage(message: string): never {
  process.stderr.write(`bench-check: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** An input file that is wrong: said without the usage text, which would bury it. */
function inputError(message: string): never {
  process.stderr.write(`bench-check: ${message}\n`);
  process.exit(2);
}

const print = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

function checkConfig(file: string): number {
  const loaded = loadBenchConfig(file);
  if (loaded.ok) {
    print(configSummary(file, loaded.config));
    return 0;
  }
  print({ event: 'config', valid: false, file, problems: loaded.problems });
  process.stderr.write(problemText(file, loaded.problems));
  return 2;
}

/** The configuration, checked against the command line: what a PLC setup needs that only the command line can give. */
function configFor(args: CheckArgs, session: ParsedSession): BenchConfig | null {
  if (args.config === undefined) return null;
  const loaded = loadBenchConfig(args.config);
  if (!loaded.ok) inputError(`the configuration ${args.config} is not valid (${loaded.problems.length} problem(s)):\n${problemText(args.config, loaded.problems)}`);
  const c = loaded.config;
  if (!isPlcConfig(c)) {
    if (args.protocol !== undefined && args.protocol !== 'wmb1') usage(`--protocol ${args.protocol}: ${args.config} describes a WMB/1 bench`);
    for (const [flag, v] of [['--balance-port', args.balancePort], ['--readings', args.readings], ['--speed', args.speed]] as const) {
      if (v !== undefined) usage(`${flag}: ${args.config} describes a WMB/1 bench, which runs the test itself`);
    }
    return c;
  }
  const s = c.setup;
  if (args.protocol !== undefined && args.protocol !== 'plc') usage(`--protocol ${args.protocol}: ${args.config} describes a PLC bench (leave --protocol out)`);
  if (s.reference.kind === 'balance' && args.balancePort === undefined) usage(`${args.config} weighs on a balance (MT-SICS): give its port with --balance-port`);
  if (s.reference.kind !== 'balance' && args.balancePort !== undefined) usage(`--balance-port: ${args.config} has no balance (its reference is a ${s.reference.kind})`);
  if (s.reading === 'visual' && args.readings === undefined) {
    usage(`${args.config} has the meters read by eye ("reading": "visual"): give the operator's readings with --readings FILE (JSON Lines {"run","at","pos","value"})`);
  }
  if (s.reading === 'pulse' && args.readings !== undefined) usage(`--readings: ${args.config} reads the meters by pulse pick-up ("reading": "pulse")`);
  const known = new Set(s.positions.map((p) => p.position));
  const unknown = session.positions.map(([pos]) => pos).filter((pos) => !known.has(pos));
  if (unknown.length > 0) inputError(`session file ${args.session ?? ''}: position(s) ${unknown.join(', ')} are not on the bench (${args.config} has ${[...known].join(', ')})`);
  return c;
}

function readingsOf(args: CheckArgs): ReadingLine[] | null {
  if (args.readings === undefined) return null;
  try {
    return parseReadings(readFileSync(args.readings, 'utf8'));
  } catch (e) {
    inputError(`readings file ${args.readings}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function main(): Promise<number> {
  let args: CheckArgs;
  try {
    args = parseCheckArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) usage(e.message);
    throw e;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.checkConfig !== undefined) return checkConfig(args.checkConfig);
  const { port, session: sessionFile } = args;
  if (port === undefined || sessionFile === undefined) usage('--port and --session are required');
  let parsed: ParsedSession;
  try {
    parsed = parseSessionFile(readFileSync(sessionFile, 'utf8'));
  } catch (e) {
    usage(`session file ${sessionFile}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const config = configFor(args, parsed);
  const readings = readingsOf(args);

  const target = new FileRecordTarget(args.raw, print);
  const recorder = new SessionRecorder(target, (p) => print({ event: 'error', code: p.kind, runId: 'runId' in p ? p.runId : null }));
  recorder.startSession(parsed.plan.sessionId);
  // A visual run waits on its readings: one the file lacks ends the session (exit 1).
  let failReading: (f: ReadingFailure) => void = () => undefined;
  const readingFailed = new Promise<ReadingFailure>((resolve) => (failReading = resolve));
  const reader =
    readings === null
      ? undefined
      : fileReader(readings, (r, req) => print({ event: 'reading', runId: req.runId, point: req.point, at: r.at, pos: r.pos, typed: r.value, line: r.line, correction: r.reason ?? null }), (f) => failReading(f));
  let opened: OpenedBench;
  try {
    opened = config !== null && isPlcConfig(config) ? await openPlc(args, config, recorder, port, reader) : await openWmb1(args, config, recorder, port);
  } catch (e) {
    print({ event: 'error', code: 'port-unavailable', message: e instanceof Error ? e.message : String(e) });
    return 1;
  }
  const session = new VerificationSession(opened.bench, parsed.plan);
  recorder.follow((l) => session.on(l));
  session.on((e) => {
    const line = sessionEventLine(e);
    if (line !== null) print(line);
  });
  let code = 0;
  const work = runSession(session, parsed);
  // Whatever the session does after a missing reading is cut short by closing the bench.
  work.catch(() => undefined);
  try {
    const failed = await Promise.race([work.then(() => null), readingFailed]);
    if (failed !== null) {
      print({ event: 'error', ...failed });
      code = 1;
    }
  } catch (e) {
    const err = e as { code?: string; message?: string };
    print({ event: 'error', code: err.code ?? 'unexpected', message: err.message ?? String(e) });
    code = 1;
  }
  await recorder.flush();
  print({ event: 'summary', state: session.state, faults: opened.bench.faults, rawLines: target.lines });
  await opened.close();
  return code;
}

/** The session as an operator runs it: identify, mount, checks, tightness (repeated while invalid), Q3 → Q2 → Q1, verdicts. */
async function runSession(session: VerificationSession, parsed: ParsedSession): Promise<void> {
  await session.identify();
  for (const [pos, serial] of parsed.positions) await session.mount(pos, serial);
  const obs = parsed.observations;
  if (obs !== null) {
    for (const [pos] of parsed.positions) {
      session.recordChecklist(pos, 'external', obs.external);
      session.recordChecklist(pos, 'function', obs.function);
    }
  }
  // An invalid tightness test fails no meter: it is run again, as an operator would
  // (docs/rules.md R-TIGHT); without a valid one the meters' tightness stays item-missing.
  const attempts = parsed.plan.maxInvalidRuns ?? 3;
  let tight = false;
  for (let i = 0; i < attempts && !tight; i++) tight = (await session.tightness()).valid;
  if (tight && obs !== null) {
    for (const [pos] of parsed.positions) session.confirmTightness(pos, { leak: obs.leakAt.includes(pos), damage: obs.damageAt.includes(pos) });
  }
  await session.runAll();
  session.verdicts();
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench-check: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
