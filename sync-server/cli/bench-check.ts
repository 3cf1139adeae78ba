/**
 * `npm run bench-check -- --port PATH --protocol wmb1 --session FILE`: a headless
 * verification session against a bench, through the same session code as the app. Prints
 * JSON Lines: the bench identity, the tightness test (valid or invalid and why, hold
 * window, decay hint, gauge; an invalid test is repeated up to maxInvalidRuns) and the
 * leak / damage per position, every run (point, actual flow, Va, and per position Vi,
 * E, MPE, valid, reasons) with the raw lines it was read from (`run-lines`, numbers of
 * the `--raw` file), each meter's verdict, and protocol faults as events with counts. The
 * lines go through the app's own session recorder. Exit status: 0 the session ran to its
 * verdicts; 1 it could not (bench lost or silent); 2 usage or input error.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connectBench, DEFAULT_SERIAL_OPTIONS } from '../../web/src/bench/connect.ts';
import { NodeSerialPort } from '../../web/src/bench/node/serialportAdapter.ts';
import { SessionRecorder } from '../../web/src/bench/recorder/sessionRecorder.ts';
import { VerificationSession } from '../../web/src/bench/session/session.ts';
import { FileRecordTarget } from './benchRecordTarget.ts';
import { parseSessionFile, type ParsedSession } from './benchSessionFile.ts';
import { sessionEventLine } from './benchOutput.ts';

const USAGE = `Usage: npm run bench-check -- --port PATH --protocol wmb1 --session FILE [options]

  --port PATH        serial device or pty of the bench
  --protocol wmb1    the bench protocol (WMB/1: the bench runs the test itself)
  --session FILE     session file (JSON): meter type, serial per position, test points
                     (example: test/fixtures/bench/session.example.json)
  --baud N           baud rate (default 115200)
  --raw FILE         also append every raw line (in and out) to FILE as JSON Lines,
                     numbered (n) as the run-lines events cite them
  --timeout MS       command timeout (default 3000)
  -h, --help
`;

function usage(message: string): never {
  process.stderr.write(`bench-check: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const print = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        protocol: { type: 'string', default: 'wmb1' },
        session: { type: 'string' },
        baud: { type: 'string' },
        raw: { type: 'string' },
        timeout: { type: 'string', default: '3000' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    usage(e instanceof Error ? e.message : String(e));
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.port === undefined) usage('--port is required');
  if (values.session === undefined) usage('--session is required');
  if (values.protocol !== 'wmb1') usage(`protocol ${values.protocol}: bench-check runs sessions on WMB/1 benches (the bench runs the test)`);
  let parsed: ParsedSession;
  try {
    parsed = parseSessionFile(readFileSync(values.session, 'utf8'));
  } catch (e) {
    usage(`session file ${values.session}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const baudRate = values.baud === undefined ? DEFAULT_SERIAL_OPTIONS.wmb1.baudRate : Number(values.baud);
  const timeout = Number(values.timeout);
  if (!(baudRate > 0) || !(timeout > 0)) usage('--baud and --timeout must be positive numbers');

  const target = new FileRecordTarget(values.raw, print);
  const recorder = new SessionRecorder(target, (p) => print({ event: 'error', code: p.kind, runId: 'runId' in p ? p.runId : null }));
  recorder.startSession(parsed.plan.sessionId);
  let conn;
  try {
    conn = await connectBench({ protocol: 'wmb1', port: new NodeSerialPort(values.port), sink: recorder, serialOptions: { ...DEFAULT_SERIAL_OPTIONS.wmb1, baudRate }, commandTimeoutMs: timeout });
  } catch (e) {
    print({ event: 'error', code: 'port-unavailable', message: e instanceof Error ? e.message : String(e) });
    return 1;
  }
  const session = new VerificationSession(conn.driver, parsed.plan);
  recorder.follow((l) => session.on(l));
  session.on((e) => {
    const line = sessionEventLine(e);
    if (line !== null) print(line);
  });
  let code = 0;
  try {
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
  } catch (e) {
    const err = e as { code?: string; message?: string };
    print({ event: 'error', code: err.code ?? 'unexpected', message: err.message ?? String(e) });
    code = 1;
  }
  await recorder.flush();
  print({ event: 'summary', state: session.state, faults: conn.driver.faults, rawLines: target.lines });
  await conn.close();
  return code;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench-check: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
