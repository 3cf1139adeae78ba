/** The id and version of the regulation profile the build ships as its default. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './softwareId.ts';

export interface ProfileRef {
  id: string;
  version: string;
}

export function defaultProfileRef(root: string = projectRoot): ProfileRef {
  const path = join(root, 'web/src/domain/profiles/jjg162-2019.json');
  try {
    const p = JSON.parse(readFileSync(path, 'utf8')) as Partial<ProfileRef>;
    return { id: String(p.id), version: String(p.version) };
  } catch (err) {
    throw new Error(`cannot read the default regulation profile at ${path}: ${String(err)}`);
  }
}
