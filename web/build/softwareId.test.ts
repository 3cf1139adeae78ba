import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeSoftwareId } from './softwareId.ts';

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'erjian-swid-'));
  write('package.json', JSON.stringify({ version: '9.9.9' }));
  write('asconfig.json', '{"options":{"enable":["simd"]}}');
  write('web/src/domain/mpe.ts', 'export const mpe = 2;\n');
  write('web/src/domain/profiles/p.json', '{"id":"p"}');
  write('web/src/stats/kernel.ts', 'export {};\n');
  write('assembly/index.ts', 'export function f(): void {}\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('software identification (OIML D 31)', () => {
  it('covers the domain, its profiles, the stats binding, the kernel and its compiler settings', () => {
    const id = computeSoftwareId(root);
    expect(id.version).toBe('9.9.9');
    expect(id.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(id.files).toEqual(['asconfig.json', 'assembly/index.ts', 'web/src/domain/mpe.ts', 'web/src/domain/profiles/p.json', 'web/src/stats/kernel.ts']);
  });

  it('changes when a rule changes, a profile value changes or the kernel is compiled differently', () => {
    const before = computeSoftwareId(root).sha256;
    write('web/src/domain/mpe.ts', 'export const mpe = 3;\n');
    const afterRule = computeSoftwareId(root).sha256;
    expect(afterRule).not.toBe(before);
    write('asconfig.json', '{"options":{"enable":[]}}');
    expect(computeSoftwareId(root).sha256).not.toBe(afterRule);
  });

  it('does not change for tests, test support, other folders or CR LF line ends', () => {
    const before = computeSoftwareId(root).sha256;
    write('web/src/domain/mpe.test.ts', 'test');
    write('web/src/stats/test-support/gen.ts', 'x');
    write('web/src/ui/view.ts', 'x');
    expect(computeSoftwareId(root).sha256).toBe(before);
    write('web/src/domain/mpe.ts', 'export const mpe = 2;\r\n');
    expect(computeSoftwareId(root).sha256).toBe(before);
  });
});
