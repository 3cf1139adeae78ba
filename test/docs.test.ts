/**
 * The project's docs are its own (docs/README.md): code cites them, never documents a
 * clone does not have. This test holds the citations to that — every cited docs/ file
 * exists, every cited rule id has its section in docs/rules.md, every profile value still
 * to be confirmed is an open question there — and checks the worked examples of
 * docs/bench-protocols.md against the drivers' own checksum and CRC code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import profileJson from '../web/src/domain/profiles/jjg162-2019.json' with { type: 'json' };
import { crc16Modbus } from '../web/src/bench/modbus/crc.ts';
import { verifyChecksum, withChecksum } from '../web/src/bench/wmb1/checksum.ts';
import { parseBenchConfig } from '../web/src/bench/config/benchConfig.ts';
import { decodeStep, encodeStep } from '../web/src/bench/orchestrated/steps.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const SELF = 'test/docs.test.ts';
const TREES = ['web', 'sync-server', 'test', 'assembly', '.ci'];
const ROOT_FILES = ['vite.config.ts', 'vitest.config.ts', 'vitest.e2e.config.ts'];

const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const posix = (path: string): string => path.split(sep).join('/');

function skipped(path: string): boolean {
  return (
    /(^|\/)(node_modules|dist)\//.test(path) ||
    /^test\/fixtures\/.*\.jsonl$/.test(path) ||
    /\.(wasm|wat|png|ico|jpg|jpeg|gif|webp|woff2?|sqlite)$/.test(path)
  );
}

function walk(dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [dir];
  return readdirSync(full).flatMap((name) => (name === 'node_modules' || name === 'dist' ? [] : walk(posix(join(dir, name)))));
}

/** Tracked files, plus new ones git does not ignore (they will be tracked); the file tree when git is absent. */
function sourceFiles(paths: readonly string[]): string[] {
  let files: string[];
  try {
    const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...paths], { cwd: root, encoding: 'utf8' });
    files = out.split('\0').filter((f) => f !== '');
  } catch {
    files = paths.flatMap(walk);
  }
  return [...new Set(files)]
    .filter((f) => !skipped(f) && existsSync(join(root, f)) && statSync(join(root, f)).isFile())
    .filter((f) => !readFileSync(join(root, f)).includes(0))
    .sort();
}

interface Hit {
  file: string;
  line: number;
  text: string;
}

function hits(files: readonly string[], pattern: RegExp): Hit[] {
  const out: Hit[] = [];
  for (const file of files) {
    read(file)
      .split('\n')
      .forEach((text, i) => {
        if (pattern.test(text)) out.push({ file, line: i + 1, text: text.trim() });
      });
  }
  return out;
}

const show = (list: readonly Hit[]): string[] => list.map((h) => `${h.file}:${h.line}: ${h.text}`);

const code = sourceFiles([...TREES, ...ROOT_FILES]).filter((f) => f !== SELF);
const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'));
const rules = read('docs/rules.md');

/** The ids of the `## R-XXX — title` headings of docs/rules.md. */
const ruleIds = new Set([...rules.matchAll(/^## (R-[A-Z]+(?:-[A-Z]+)*) — \S/gm)].map((m) => m[1] as string));

/** Every rule id cited as `docs/rules.md R-A, R-B …` (a list may run on in a comment). */
function citedRuleIds(text: string): string[] {
  const ids: string[] = [];
  for (const m of text.matchAll(/docs\/rules\.md/g)) {
    let rest = text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + 400);
    for (;;) {
      const id = /^(?:\s|\*|,|;|and\b|or\b)*\b(R-[A-Z]+(?:-[A-Z]+)*)\b/.exec(rest);
      if (id === null) break;
      ids.push(id[1] as string);
      rest = rest.slice(id[0].length);
    }
  }
  return ids;
}

describe('the code cites docs of its own', () => {
  it('finds the sources to check', () => {
    expect(code.length).toBeGreaterThan(100);
    expect(code).toContain('web/src/domain/evaluateRun.ts');
  });

  it.each([
    ['domain.md', /domain\.md/],
    ['bench-protocol.md', /bench-protocol\.md/],
    ['spec/', /\bspec\//],
    ['../shared', /\.\.\/shared\b/],
    ['/work/shared', /\/work\/shared\b/],
    ['a bare architecture.md', /(?<!docs\/)\barchitecture\.md/],
    ['STYLE.md', /\bSTYLE\.md/],
    ['stack.md', /\bstack\.md/],
  ])('no source file under web/, sync-server/, test/, assembly/, .ci/ mentions %s', (_name, pattern) => {
    expect(show(hits(code, pattern))).toEqual([]);
  });

  it('the docs themselves link nothing outside the repository', () => {
    const files = docs.map((d) => `docs/${d}`);
    expect(show(hits([...files, 'README.md'], /\.\.\/shared\b|\/work\/shared\b|\bdomain\.md|bench-protocol\.md/))).toEqual([]);
  });

  it('every docs/<name>.md cited in the code or the README exists', () => {
    const missing = hits([...code, 'README.md'], /docs\/[\w.-]+\.md/).flatMap((h) =>
      [...h.text.matchAll(/docs\/([\w.-]+\.md)/g)].filter((m) => !docs.includes(m[1] as string)).map((m) => `${h.file}:${h.line}: docs/${m[1]}`),
    );
    expect(missing).toEqual([]);
  });

  it('every rule id cited as docs/rules.md R-… is a section of docs/rules.md', () => {
    const unknown: string[] = [];
    let cited = 0;
    for (const file of [...code, 'README.md', ...docs.map((d) => `docs/${d}`)]) {
      for (const id of citedRuleIds(read(file))) {
        cited++;
        if (!ruleIds.has(id)) unknown.push(`${file}: ${id}`);
      }
    }
    expect(unknown).toEqual([]);
    expect(cited).toBeGreaterThan(50);
  });
});

describe('docs/rules.md', () => {
  it('has a section for each rule the code is built on', () => {
    const required = [
      'R-METER', 'R-MPE', 'R-ITEMS', 'R-TIGHT', 'R-FLOWBAND', 'R-TEMP', 'R-VOLUME', 'R-ERROR', 'R-REPEAT', 'R-SCOPE',
      'R-VA-WEIGH', 'R-DENSITY', 'R-AIR', 'R-VA-MASTER', 'R-VA-TANK', 'R-VA-TEMP', 'R-UNCERT', 'R-DATE', 'R-USAGE',
      'R-ISSUE', 'R-BIAS', 'R-SAMPLING', 'R-AUTH', 'R-PENALTY', 'R-RECALL', 'R-PUBLIC', 'R-SOFTWARE', 'R-RECORD',
    ];
    expect(required.filter((id) => !ruleIds.has(id))).toEqual([]);
    // A heading that looks like a rule but is not in the `## R-XXX — title` form would not be found by its citations.
    const malformed = rules.split('\n').filter((l) => /^#+\s*R-[A-Z]/.test(l) && !/^## R-[A-Z]+(?:-[A-Z]+)* — \S/.test(l));
    expect(malformed).toEqual([]);
  });

  it('names every profile value marked confirm: true in its Open questions', () => {
    const open = /^## Open questions\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(rules)?.[1] ?? '';
    expect(open).not.toBe('');
    const toConfirm = Object.entries(profileJson)
      .filter(([, v]) => typeof v === 'object' && v !== null && 'confirm' in v && v.confirm === true)
      .map(([k]) => k);
    expect(toConfirm.length).toBeGreaterThan(0);
    expect(toConfirm.filter((key) => !new RegExp(`\\b${key}\\b`).test(open))).toEqual([]);
  });

  it('the profile cites docs/rules.md for every rule value', () => {
    const uncited = Object.entries(profileJson)
      .filter(([, v]) => typeof v === 'object' && v !== null && 'source' in v)
      .filter(([, v]) => citedRuleIds(String((v as { source: unknown }).source)).length === 0)
      .map(([k]) => k);
    expect(uncited).toEqual([]);
  });
});

describe('docs/bench-protocols.md worked examples', () => {
  const text = read('docs/bench-protocols.md');
  const section = (heading: string): string => {
    const start = text.indexOf(`\n${heading}\n`);
    expect(start, heading).toBeGreaterThan(-1);
    const next = text.slice(start + heading.length + 2).search(/\n#{2,3} /);
    return next === -1 ? text.slice(start) : text.slice(start, start + heading.length + 2 + next);
  };
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

  it('has the sections code cites', () => {
    for (const h of ['## WMB/1', '## MT-SICS', '## Modbus RTU', '## Robustness', '### Framing', '### Body']) section(h);
  });

  it('every WMB/1 checksum example is what the driver computes and accepts', () => {
    const rows = [...section('### Framing').matchAll(/^\| `([^`]+)` \| `([^`]+)` \|$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const [, body, line] of rows) {
      expect(withChecksum(body as string)).toBe(line);
      expect(verifyChecksum(bytes(line as string)).ok, line).toBe(true);
    }
  });

  it('every CRC-16/MODBUS example is what the driver computes', () => {
    const rows = [...section('### CRC-16/MODBUS').matchAll(/^\| (ASCII )?`([^`]+)` \| `([0-9A-F]{2}) ([0-9A-F]{2})` \|/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const [, ascii, data, lo, hi] of rows) {
      const input = ascii ? bytes(data as string) : Uint8Array.from((data as string).split(' ').map((h) => parseInt(h, 16)));
      const crc = crc16Modbus(input);
      expect([crc & 0xff, crc >>> 8], data).toEqual([parseInt(lo as string, 16), parseInt(hi as string, 16)]);
    }
  });
});

describe('docs/bench-config.md examples', () => {
  const text = read('docs/bench-config.md');

  it('every configuration shown is valid, and the same as the example file it names', () => {
    const blocks = [...text.matchAll(/`(web\/src\/bench\/config\/examples\/[\w.-]+\.json)`[^\n]*(?:\n(?!```)[^\n]*)*\n```json\n([\s\S]*?)\n```/g)];
    expect(blocks.map((b) => b[1])).toEqual([
      'web/src/bench/config/examples/wmb1.json',
      'web/src/bench/config/examples/plc-balance-pulse.json',
      'web/src/bench/config/examples/plc-balance-visual.json',
      'web/src/bench/config/examples/plc-master-meter-pulse.json',
      'web/src/bench/config/examples/plc-tank-visual.json',
    ]);
    for (const [, file, json] of blocks) {
      const shown = JSON.parse(json as string) as unknown;
      expect(() => parseBenchConfig(shown), file).not.toThrow();
      expect(shown, file).toEqual(JSON.parse(read(file as string)));
    }
  });

  it('every step line shown is what the app encodes, and decodes', () => {
    const start = text.indexOf('\n## Step lines\n');
    const section = text.slice(start, text.indexOf('\n## ', start + 1));
    const rows = [...section.matchAll(/^\| [^|]+ \| `([A-Z]+ [^`]*\*[0-9A-F]{2})` \|$/gm)].map((m) => m[1] as string);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const line of rows) {
      const step = decodeStep(line);
      expect(step, line).not.toBeNull();
      if (step !== null) expect(encodeStep(step)).toBe(line);
    }
  });
});

describe('the docs are found from the repository', () => {
  it('README.md points to docs/', () => {
    expect(/\bdocs\//.test(read('README.md')), 'README.md mentions docs/').toBe(true);
    expect(existsSync(join(root, 'docs', 'README.md'))).toBe(true);
  });
});
