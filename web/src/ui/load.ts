/**
 * How every view loads what it shows: a Lit `Task` (@lit/task) per source of data, whose
 * args name what is shown (a batch id, a serial number). A run for other args supersedes
 * the one in flight — its signal is aborted and its answer dropped, whenever it comes — so
 * a screen never shows what was read for the one before it (batch A's statistics under
 * batch B's header). `renderLoad` gives every view the same loading line and the same
 * error line, the error in the person's language (docs/architecture.md house rule 5).
 */
import type { Task } from '@lit/task';
import { css, html } from 'lit';
import { errorText, shownError } from './i18n/errorText.ts';
import { t } from './i18n/i18n.ts';

export { Task, TaskStatus, initialState } from '@lit/task';

/** The loading line: a progress bar and what is being read. */
export function loadingLine(text = t('load.loading')) {
  return html`<p class="loading" role="status" data-testid="loading"><progress aria-label=${text}></progress> ${text}</p>`;
}

/** The error line of a load that failed: what happened and what to do. */
export function loadErrorLine(err: unknown) {
  return html`<p class="load-error" role="alert" data-testid="load-error">${errorText(shownError(err))}</p>`;
}

export interface LoadOptions<R> {
  /** what is being read, for the loading line */
  loading?: string;
  /**
   * while the task runs again, whether its last value is still of what is shown (the same
   * batch, read again after issuing a certificate): then it stays on the screen instead of
   * the loading line. A value of something else is never kept.
   */
  keep?: (last: R) => boolean;
}

/** The task's value through `complete`; the shared loading and error lines otherwise. */
export function renderLoad<A extends ReadonlyArray<unknown>, R>(task: Task<A, R>, complete: (value: R) => unknown, o: LoadOptions<R> = {}): unknown {
  return task.render({
    initial: () => loadingLine(o.loading),
    pending: () => {
      const last = task.value;
      return last !== undefined && o.keep?.(last) === true ? complete(last) : loadingLine(o.loading);
    },
    complete,
    error: loadErrorLine,
  });
}

/** The lines' look, for the views' own styles. */
export const loadStyles = css`
  .loading { color: var(--erjian-muted); font-size: 1.1rem; display: flex; gap: 0.6rem; align-items: center; }
  .loading progress { width: 12rem; height: 1rem; }
  .load-error { color: var(--erjian-danger); font-weight: 700; font-size: 1.1rem; }
`;
