/**
 * The command line of `npm run bench-check` (sync-server/cli/bench-check.ts): its options,
 * its usage text, and the checks that need no file read. Usage errors exit 2.
 */
import { parseArgs } from 'node:util';
import type { SerialLink } from '../../web/src/bench/config/benchConfig.ts';

export const USAGE = `Usage:
  npm run bench-check -- --check-config FILE
  npm run bench-check -- --config FILE --port PATH [--balance-port PATH] --session FILE [options]
  npm run bench-check -- --port PATH --protocol wmb1 --session FILE [options]

  --check-config FILE  (alias --validate) validate a bench configuration and print every
                       problem with its JSON path; exit 0 valid, 2 not: commission a bench
                       configuration without the bench (docs/bench-config.md)
  --config FILE        the bench configuration (JSON, docs/bench-config.md; examples in
                       web/src/bench/config/examples/). A WMB/1 setup runs as --protocol wmb1;
                       a PLC setup is run by bench-check itself, as the app runs it: tare,
                       start values, open, stable flow, collect, close, end values
  --port PATH          serial device or pty of the bench (of the PLC, for a PLC setup)
  --balance-port PATH  the balance's port (MT-SICS), when the configuration's reference is a balance
  --protocol wmb1      without --config: the bench protocol (WMB/1: the bench runs the test)
  --session FILE       session file (JSON): meter type, serial per position, test points,
                       what the operator observed (example: test/fixtures/bench/session.example.json)
  --readings FILE      visual reading (a configuration with "reading": "visual"; required then):
                       the operator's readings as JSON Lines, one a line,
                       {"run":"<run id or point>","at":"start|end","pos":1,"value":"123.45"};
                       a run id matches before a point (Q1, Q2, Q3); a second line for the same
                       run, phase and position is a correction and needs "reason":"…"
  --operator NAME      who typed the readings, recorded with each (default: bench-check)
  --baud N             baud rate of --port (default: the configuration's, or 115200 for WMB/1)
  --link 8N1           data bits, parity (N, E, O) and stop bits of every port, over the
                       configuration's (a Linux pty refuses parity: simulators on a pty use 8N1)
  --speed N            PLC setups: the bench clock (polls, waits, the pressure hold) runs N × real
                       time, to match a simulator run as fast — never against a real bench
  --raw FILE           also append every raw line and frame (in and out) to FILE as JSON Lines
                       {n, connectionId, seq, dir, at, text}, numbered (n) as the run-lines events cite them
  --timeout MS         command timeout (default 3000 for WMB/1, 1000 for a PLC and a balance)
  -h, --help

Exit status: 0 the session ran to its verdicts (or the configuration is valid); 1 it could
not (bench lost or silent, a reading missing); 2 usage or input error.
`;

export class UsageError extends Error {}

export interface CheckArgs {
  checkConfig: string | undefined;
  config: string | undefined;
  port: string | undefined;
  balancePort: string | undefined;
  protocol: string | undefined;
  session: string | undefined;
  readings: string | undefined;
  operator: string;
  baud: number | undefined;
  link: Omit<SerialLink, 'baudRate'> | undefined;
  speed: number | undefined;
  raw: string | undefined;
  timeout: number | undefined;
  help: boolean;
}

const PARITY = { N: 'none', E: 'even', O: 'odd' } as const;

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${name} must be a positive number, not ${text}`);
  return n;
}

function linkOf(text: string | undefined): CheckArgs['link'] {
  if (text === undefined) return undefined;
  const m = /^([78])([NEO])([12])$/i.exec(text);
  if (m === null) throw new UsageError(`--link ${text}: give data bits, parity and stop bits, e.g. 8N1 or 8E1`);
  const [, data, parity, stop] = m;
  return { dataBits: data === '7' ? 7 : 8, parity: PARITY[(parity ?? 'N').toUpperCase() as keyof typeof PARITY], stopBits: stop === '2' ? 2 : 1 };
}

/** The options as given, checked for what needs no file: throws UsageError. */
export function parseCheckArgs(argv: readonly string[]): CheckArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'check-config': { type: 'string' },
        validate: { type: 'string' },
        config: { type: 'string' },
        port: { type: 'string' },
        'balance-port': { type: 'string' },
        protocol: { type: 'string' },
        session: { type: 'string' },
        readings: { type: 'string' },
        operator: { type: 'string', default: 'bench-check' },
        baud: { type: 'string' },
        link: { type: 'string' },
        speed: { type: 'string' },
        raw: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const checkConfig = values['check-config'] ?? values.validate;
  if (values['check-config'] !== undefined && values.validate !== undefined) throw new UsageError('give --check-config or --validate, not both');
  const a: CheckArgs = {
    checkConfig,
    config: values.config,
    port: values.port,
    balancePort: values['balance-port'],
    protocol: values.protocol,
    session: values.session,
    readings: values.readings,
    operator: values.operator,
    baud: positive('--baud', values.baud),
    link: linkOf(values.link),
    speed: positive('--speed', values.speed),
    raw: values.raw,
    timeout: positive('--timeout', values.timeout),
    help: values.help === true,
  };
  if (a.help || a.checkConfig !== undefined) return a;
  if (a.operator.trim() === '') throw new UsageError('--operator must name someone');
  if (a.port === undefined) throw new UsageError('--port is required');
  if (a.session === undefined) throw new UsageError('--session is required');
  if (a.config === undefined) {
    if ((a.protocol ?? 'wmb1') !== 'wmb1') throw new UsageError(`protocol ${a.protocol}: without --config bench-check runs WMB/1 benches (the bench runs the test); describe any other bench in a configuration (--config, docs/bench-config.md)`);
    for (const [flag, v] of [['--balance-port', a.balancePort], ['--readings', a.readings], ['--speed', a.speed]] as const) {
      if (v !== undefined) throw new UsageError(`${flag} is for a PLC bench: give its configuration with --config`);
    }
  }
  return a;
}
