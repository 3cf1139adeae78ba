#!/usr/bin/env node
// Finds the Chromium the browser tests drive: $CHROME_PATH, else /usr/bin/chromium.
// If none is found and we run as root where apt-get exists, installs Debian's chromium
// (and a CJK font, so screenshots of the Chinese UI are readable). Otherwise it stops
// with a message saying how to get one: browser tests are never skipped silently.
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

function main() {
  const found = findChromium();
  if (found) {
    console.log(`browser tests will use Chromium at ${found}`);
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasApt()) {
    console.log('No Chromium found: installing Debian packages chromium and fonts-noto-cjk (apt-get) …');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
    const after = findChromium();
    if (after) {
      console.log(`browser tests will use Chromium at ${after}`);
      return;
    }
  }
  console.error(
    [
      'No Chromium found for the browser tests (looked at $CHROME_PATH and /usr/bin/chromium).',
      'Install one, e.g. on Debian/Ubuntu:  sudo apt-get install chromium fonts-noto-cjk',
      'or point CHROME_PATH at a Chromium/Chrome binary:  CHROME_PATH=/path/to/chrome npm test',
    ].join('\n'),
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
