/**
 * The browser bundle must never pull in Node: only web/src/bench/node/ may import
 * `serialport` or `node:` modules, and nothing outside it (tests aside) imports node/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = 'web/src/bench';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('bench layer is browser-safe', () => {
  it('no Node import outside web/src/bench/node/', () => {
    const offenders = sources(ROOT)
      .filter((p) => !relative(ROOT, p).startsWith('node/'))
      .filter((p) => /from\s+['"](node:|serialport|fs|path|child_process)|from\s+['"][^'"]*\/node\//.test(readFileSync(p, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
