import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const uiDir = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
}

describe('the colour tokens', () => {
  it('the brand blue is written once, in tokens.ts; every screen names it as var(--erjian-primary)', () => {
    const offenders = sources(uiDir)
      .filter((f) => !f.endsWith('tokens.ts'))
      .filter((f) => /#0b5cab/i.test(readFileSync(f, 'utf8')))
      .map((f) => relative(uiDir, f));
    expect(offenders).toEqual([]);
    expect(readFileSync(join(uiDir, 'tokens.ts'), 'utf8')).toMatch(/--erjian-primary: #0b5cab;/);
  });
});
