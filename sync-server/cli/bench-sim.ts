/**
 * `npm run bench-sim -- --protocol wmb1|mtsics (--port PATH | --pty) [options]`: a
 * simulated bench on a real serial device or a pty, through the Node adapter, with the
 * same simulator core as the in-browser demo bench (web/src/bench/sim).
 *
 * Prints one JSON line `{"event":"ready","port":PATH,...}` when it listens (with --pty,
 * PATH is the end the app must open), then runs until SIGINT / SIGTERM or the port goes.
 */
import { parseArgs } from 'node:util';
import { NodeSerialPort } from '../../web/src/bench/node/serialportAdapter.ts';
import { attachSim } from '../../web/src/bench/sim/attach.ts';
import { MtSicsBalanceSim } from '../../web/src/bench/sim/mtsicsBalance.ts';
import { Wmb1BenchSim, type Wmb1SimFault } from '../../web/src/bench/sim/wmb1Bench.ts';
import { DEFAULT_SERIAL_OPTIONS } from '../../web/src/bench/connect.ts';
import type { SimDevice } from '../../web/src/bench/sim/device.ts';
import { openPtyPair, type PtyPair } from './benchPty.ts';

const USAGE = `Usage: npm run bench-sim -- --protocol wmb1|mtsics (--port PATH | --pty) [options]

  --protocol P     wmb1 (automatic bench, default) or mtsics (weighing indicator)
  --port PATH      serial device to speak on (e.g. /dev/ttyUSB0)
  --pty            make a socat pty pair and print the end the app opens
  --baud N         baud rate (default: 115200 for wmb1, 9600 for mtsics)
  --seed N         PRNG seed for flow noise and meter errors (default 1)
  --time-scale X   real ms per bench ms, e.g. 0.01 runs 100× faster (default 1)
  --positions N    wmb1: meter positions (default 6)
  --method M       wmb1: weighing | master | volumetric (default weighing)
  --fs-hz N        wmb1: flow samples per second (default 5)
  --pressure-sag K wmb1: the pressure falls by K kPa over every tightness hold (default 0)
  --pressure-ramp S  wmb1: seconds to reach the test pressure before the hold (default 0)
  --fault F        wmb1, repeatable, applied at start: bad-checksum:N (next N lines),
                   drop-mv:POS (next run), noise:N, flow-unstable (next run aborts),
                   flow-out-of-band:FACTOR (next run), pressure-dip:KPA (next tightness
                   test loses KPA for 3 s mid-hold), pressure-sag:KPA (next tightness
                   test falls by KPA more over its hold), stop-answering
  -h, --help
`;

function fail(message: string): never {
  process.stderr.write(`bench-sim: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseFault(text: string): Wmb1SimFault {
  const [kind, arg] = text.split(':');
  const n = Number(arg);
  switch (kind) {
    case 'bad-checksum':
      return { kind, lines: arg === undefined ? 1 : n };
    case 'drop-mv':
      return { kind, pos: n };
    case 'noise':
      return { kind, bytes: arg === undefined ? 8 : n };
    case 'flow-unstable':
    case 'stop-answering':
      return { kind };
    case 'flow-out-of-band':
      return { kind, factor: n };
    case 'pressure-dip':
    case 'pressure-sag':
      return { kind, kpa: n };
    default:
      return fail(`unknown fault ${text}`);
  }
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        protocol: { type: 'string', default: 'wmb1' },
        port: { type: 'string' },
        pty: { type: 'boolean', default: false },
        baud: { type: 'string' },
        seed: { type: 'string', default: '1' },
        'time-scale': { type: 'string', default: '1' },
        positions: { type: 'string', default: '6' },
        method: { type: 'string', default: 'weighing' },
        'fs-hz': { type: 'string', default: '5' },
        'pressure-sag': { type: 'string', default: '0' },
        'pressure-ramp': { type: 'string', default: '0' },
        fault: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    return;
  }
  const protocol = values.protocol;
  if (protocol !== 'wmb1' && protocol !== 'mtsics') fail(`unknown protocol ${protocol}`);
  if ((values.port === undefined) === (values.pty !== true)) fail('give exactly one of --port PATH and --pty');
  const num = (name: string, v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) fail(`--${name} must be a positive number, got ${v}`);
    return n;
  };
  const method = values.method;
  if (method !== 'weighing' && method !== 'master' && method !== 'volumetric') fail(`unknown method ${method}`);
  const timeScale = num('time-scale', values['time-scale']);
  const nonNegative = (name: string, v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a number ≥ 0, got ${v}`);
    return n;
  };
  const pressureSagKpa = nonNegative('pressure-sag', values['pressure-sag']);
  const pressureRampS = nonNegative('pressure-ramp', values['pressure-ramp']);
  const seed = num('seed', values.seed);
  const device: SimDevice =
    protocol === 'wmb1'
      ? new Wmb1BenchSim({ seed, timeScale, positions: num('positions', values.positions), method, fsHz: num('fs-hz', values['fs-hz']), pressureSagKpa, pressureRampS })
      : new MtSicsBalanceSim({ seed, timeScale, autoCycle: { fillS: 20, restS: 10, rateKgPerS: 0.5 } });
  if (device instanceof Wmb1BenchSim) for (const f of values.fault) device.inject(parseFault(f));
  const link = protocol === 'wmb1' ? DEFAULT_SERIAL_OPTIONS.wmb1 : DEFAULT_SERIAL_OPTIONS['mt-sics'];
  const baudRate = values.baud === undefined ? link.baudRate : num('baud', values.baud);

  let pty: PtyPair | null = null;
  if (values.pty === true) pty = await openPtyPair();
  const path = pty?.benchPath ?? values.port ?? '';
  const port = new NodeSerialPort(path);
  const shutdown = async (code: number) => {
    await attachment?.detach().catch(() => undefined);
    device.dispose();
    await port.close().catch(() => undefined);
    await pty?.close();
    process.exit(code);
  };
  let attachment: ReturnType<typeof attachSim> | null = null;
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  try {
    await port.open({ ...link, baudRate });
  } catch (e) {
    process.stderr.write(`bench-sim: cannot open ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
    await shutdown(1);
  }
  attachment = attachSim(device, port);
  process.stdout.write(`${JSON.stringify({ event: 'ready', protocol, port: pty?.appPath ?? path, baudRate, socatPid: pty?.pid ?? null, pid: process.pid })}\n`);
  await attachment.done;
  process.stdout.write(`${JSON.stringify({ event: 'port-closed' })}\n`);
  await shutdown(0);
}

void main();
