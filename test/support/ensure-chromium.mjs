#!/usr/bin/env node
// Finds the Chromium the browser tests drive: $CHROME_PATH, else /usr/bin/chromium, and
// the Debian tools the serial-port tests need (socat for pty pairs; Debian's python3 with
// pymodbus and its serial-asyncio, the independent Modbus peer). What is missing, as root
// where apt-get exists, is installed (with a CJK font, so screenshots of the Chinese UI are
// readable). Otherwise it stops with a message saying how: tests are never skipped silently.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function findChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => existsSync(p));
}

function hasApt() {
  try {
    execFileSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function works(cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The Debian packages of the serial-port tests that are not there yet. */
function missingSerialTools() {
  const missing = [];
  if (!works('sh', ['-c', 'command -v socat'])) missing.push('socat');
  // Debian's python3 (not a pyenv shim), as test/bench-modbus.test.ts runs it
  if (!works('/usr/bin/python3', ['-c', 'import pymodbus.server'])) missing.push('python3-pymodbus', 'python3-serial', 'python3-serial-asyncio');
  return missing;
}

function main() {
  const missing = [...(findChromium() ? [] : ['chromium', 'fonts-noto-cjk']), ...missingSerialTools()];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (missing.length > 0 && isRoot && hasApt()) {
    console.log(`Installing the Debian packages the tests need: ${missing.join(' ')} (apt-get) …`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  }
  const chromium = findChromium();
  const stillMissing = missingSerialTools();
  if (chromium && stillMissing.length === 0) {
    console.log(`browser tests will use Chromium at ${chromium}; socat and python3-pymodbus are there`);
    return;
  }
  console.error(
    [
      ...(chromium ? [] : ['No Chromium found for the browser tests (looked at $CHROME_PATH and /usr/bin/chromium).']),
      ...(stillMissing.length === 0 ? [] : [`Missing for the serial-port tests: ${stillMissing.join(' ')}.`]),
      `Install them, e.g. on Debian/Ubuntu:  sudo apt-get install --no-install-recommends ${[...(chromium ? [] : ['chromium', 'fonts-noto-cjk']), ...stillMissing].join(' ')}`,
      ...(chromium ? [] : ['or point CHROME_PATH at a Chromium/Chrome binary:  CHROME_PATH=/path/to/chrome npm test']),
    ].join('\n'),
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
