/** The recall screens' shared look: big clear text, the status badges, the progress bar. */
import { css } from 'lit';
import { civilDateTime } from '../../domain/civilDate.ts';
import { defaultProfile } from '../../domain/profile/defaultProfile.ts';
import type { RecallScope } from '../../../../sync-server/src/supervision/recallApi.ts';
import { rct } from './recallMessages.ts';

export const recallStyles = css`
  :host { display: block; font-size: 1.05rem; }
  h3 { font-size: 1.35rem; margin: 0 0 0.4rem; }
  h4 { font-size: 1.15rem; margin: 1rem 0 0.4rem; }
  .lead, .muted { color: var(--erjian-muted); }
  .lead { margin: 0 0 0.8rem; max-width: 62rem; }
  button { font: inherit; cursor: pointer; border-radius: 8px; padding: 0.4rem 1rem; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); font-weight: 700; }
  button.primary { background: var(--erjian-primary); color: #fff; }
  button:disabled { opacity: 0.5; cursor: not-allowed; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
  input, select, textarea { font: inherit; padding: 0.35rem 0.5rem; border-radius: 8px; border: 2px solid #c3ccd6; max-width: 100%; box-sizing: border-box; font-weight: 400; }
  textarea { width: 100%; min-height: 3.2rem; }
  label { display: flex; flex-direction: column; gap: 0.2rem; font-weight: 700; }
  .error { color: var(--erjian-danger); font-weight: 700; }
  .ok { color: var(--erjian-ok); font-weight: 700; }
  .card { border: 2px solid #d5dbe1; border-radius: 10px; padding: 0.8rem 1rem; margin: 0.6rem 0; background: #fff; }
  .progress { height: 1rem; border-radius: 8px; background: #e6ebf0; overflow: hidden; display: flex; margin: 0.4rem 0; max-width: 40rem; }
  .progress .replaced { background: #1e7d32; }
  .progress .recalled { background: #2f6fb5; }
  .badge { display: inline-block; padding: 0.15rem 0.7rem; border-radius: 999px; font-weight: 700; font-size: 1.05rem; white-space: nowrap; }
  .badge.affected { background: #fff1d6; color: #8a4b00; border: 2px solid #e0a030; }
  .badge.recalled { background: #e3efff; color: #1d4f8a; border: 2px solid #2f6fb5; }
  .badge.replaced { background: #e3f4e5; color: #1e6b2a; border: 2px solid #1e7d32; }
  table { border-collapse: collapse; width: 100%; margin: 0.6rem 0; }
  th, td { border-bottom: 1px solid #d5dbe1; padding: 0.45rem 0.6rem; text-align: left; vertical-align: top; }
  th { background: #f2f5f8; }
  .define { display: flex; flex-direction: column; gap: 0.8rem; max-width: 62rem; }
  .row { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; }
  fieldset { border: 2px solid #d5dbe1; border-radius: 10px; display: flex; flex-wrap: wrap; gap: 0.4rem 1.4rem; padding: 0.5rem 1rem; margin: 0; }
  legend { font-weight: 700; padding: 0 0.3rem; }
  label.radio { flex-direction: row; align-items: center; gap: 0.4rem; font-size: 1.1rem; cursor: pointer; }
  label.radio input { width: 1.2rem; height: 1.2rem; }
  .buttons { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; }
  .preview { border-left: 6px solid #e0a030; background: #fff8ea; padding: 0.5rem 1rem; border-radius: 6px; }
  .preview .count { font-size: 1.4rem; font-weight: 700; margin: 0.2rem 0; color: #8a4b00; }
  .serials span { font-family: ui-monospace, monospace; margin-right: 0.6rem; display: inline-block; }
  td.serial { font-family: ui-monospace, monospace; font-size: 1.1rem; font-weight: 700; white-space: nowrap; }
`;

/** A server instant as a Tai'an date and time (YYYY-MM-DD HH:mm). */
export function taianTime(iso: string): string {
  const c = civilDateTime(new Date(iso), defaultProfile.timeZone.value);
  return `${c.date} ${c.time.slice(0, 5)}`;
}

export function scopeText(scope: RecallScope): string {
  switch (scope.kind) {
    case 'bench':
      return rct('rc.scope.bench', { bench: scope.benchId, from: scope.from, to: scope.to });
    case 'batch':
      return rct('rc.scope.batch', { batch: scope.batchId });
    case 'model':
      return rct('rc.scope.model', { model: scope.model });
  }
}
