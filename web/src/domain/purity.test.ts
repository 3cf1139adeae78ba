/**
 * The domain is pure (docs/architecture.md: "no DOM, no I/O", house rule 2): it runs the
 * same in the browser, the worker, the CLI and the sync server. This guard reads the
 * sources and refuses Node built-ins and browser globals in non-test files.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('web/src/domain is pure', () => {
  const files = sources(root);

  it('has sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [f.slice(root.length)]))('%s imports no Node or browser API', (rel) => {
    const text = readFileSync(join(root, rel), 'utf8');
    expect(text).not.toMatch(/from\s+['"]node:/);
    expect(text).not.toMatch(/from\s+['"](fs|path|crypto|os|url|child_process)['"]/);
    expect(text).not.toMatch(/\b(window|document|localStorage|indexedDB|navigator|process)\./);
    expect(text).not.toMatch(/:\s*any\b|as any\b/);
    expect(text.split('\n').length).toBeLessThan(300);
  });
});
