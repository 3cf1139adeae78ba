/**
 * Software identification of the legally relevant part (OIML D 31 §6.2.2 / WELMEC 7.2
 * "software identification"): a version and a SHA-256 over the sources that decide a
 * verdict or a batch statistic — the rules engine (web/src/domain, including its regulation
 * profiles), the statistics kernel (assembly/) and its binding and JS fallback (web/src/stats). Tests are not legally relevant and are left out, so
 * adding a test does not change the identification.
 *
 * Node-only: used at build time by vite.config.ts, and at run time by the CLIs and the
 * sync server, so every place computes the same figure from the same files.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SoftwareId {
  /** package version of erjian */
  version: string;
  /** lower-case hex SHA-256 over the legally relevant files */
  sha256: string;
  /** the files hashed, relative to the project root, in hashing order */
  files: string[];
}

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Folders whose sources are legally relevant, relative to the project root. */
export const legallyRelevantDirs = ['web/src/domain', 'web/src/stats', 'assembly'] as const;

/** Single files that shape the legally relevant build: the kernel's compiler settings (SIMD, optimisation). */
export const legallyRelevantFiles = ['asconfig.json'] as const;

function isLegallyRelevantFile(path: string): boolean {
  if (/\.(test|spec|bench)\.ts$/.test(path)) return false;
  if (/[\\/]test-support[\\/]/.test(path)) return false;
  return /\.(ts|json)$/.test(path);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (isLegallyRelevantFile(full)) out.push(full);
  }
  return out;
}

export function computeSoftwareId(root: string = projectRoot): SoftwareId {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const files = [...legallyRelevantDirs.flatMap((d) => walk(join(root, d))), ...legallyRelevantFiles.map((f) => join(root, f))]
    .map((f) => relative(root, f).split(sep).join('/'))
    .sort();
  const hash = createHash('sha256');
  for (const f of files) {
    // Path and content both enter the hash, separated so that no two file sets collide;
    // CR LF is normalised so a Windows checkout identifies the same software.
    const content = readFileSync(join(root, f), 'utf8').replace(/\r\n/g, '\n');
    hash.update(`${f}\0${Buffer.byteLength(content)}\0`);
    hash.update(content);
  }
  return { version: pkg.version, sha256: hash.digest('hex'), files };
}
