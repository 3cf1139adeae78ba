import { LitElement, css, html, nothing } from 'lit';
import { readingPlausibility } from '../../domain/index.ts';
import { readingValue } from '../../bench/orchestrated/steps.ts';
import type { ReadingRequest } from '../../bench/orchestrated/types.ts';
import { fill } from '../certificate/certificateText.ts';
import { errorText, shownError } from '../i18n/errorText.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import type { ReadingQuestion } from './reading-question.ts';
import './reading-question.ts';

const litres = (v: number) => String(Number(v.toFixed(3)));

/**
 * The operator's readings of one phase of a run (visual reading, 启停法 by eye; issue 14
 * item 3), keyboard first: one big field per mounted meter, the first empty one focused;
 * Enter records the reading as typed (`request.enter`, with who and when, in the original
 * record) and moves to the next position — 已记录 shows only once it is recorded. An
 * implausible end reading is questioned first (domain/readingPlausibility.ts); a recorded
 * reading is corrected only with a reason, as a new entry. 完成读数 lets the run go on once
 * every position has its reading. Ten positions fit a 1366 × 768 screen, in digits read
 * from two metres.
 *
 * The sheet covers the screen while it asks; 中止 stays on it, as on the bench screen.
 *
 * @fires reading-done - detail: the request, after `done()` accepted the readings
 * @fires reading-abort - the operator pressed 中止: the bench stops, the session is interrupted
 */
export class ReadingSheet extends LitElement {
  static override properties = {
    request: { attribute: false },
    dial: { attribute: false },
    typed: { state: true },
    recorded: { state: true },
    saving: { state: true },
    problems: { state: true },
    question: { state: true },
    error: { state: true },
  };
  declare request: ReadingRequest | null;
  /**
   * The demo bench only: what each simulated meter's register shows (L), printed on its card
   * as the dial a person would read — a real bench has no such line (docs/bench-config.md "Visual reading").
   */
  declare dial: ((pos: number) => number) | null;
  /** what each field holds now */
  declare typed: ReadonlyMap<number, string>;
  /** the reading recorded last for each position, as typed */
  declare recorded: ReadonlyMap<number, string>;
  declare saving: ReadonlySet<number>;
  declare problems: ReadonlyMap<number, string>;
  declare question: ReadingQuestion | null;
  declare error: string | null;

  constructor() {
    super();
    new LocaleController(this);
    this.request = null;
    this.reset();
  }

  private reset(): void {
    this.typed = new Map();
    this.recorded = new Map();
    this.saving = new Set();
    this.problems = new Map();
    this.question = null;
    this.error = null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('request') && changed.get('request') !== this.request) this.reset();
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('request') && this.request !== null) this.focusNext(0);
  }

  private input(pos: number): HTMLInputElement | null {
    return this.renderRoot.querySelector(`input[data-pos="${pos}"]`);
  }

  /** The next position after `afterPos` without a reading (then any without), else 完成读数. */
  private focusNext(afterPos: number): void {
    const open = (this.request?.positions ?? []).filter((p) => !this.recorded.has(p.pos));
    const next = open.find((p) => p.pos > afterPos) ?? open[0];
    if (next === undefined) {
      this.renderRoot.querySelector<HTMLButtonElement>('[data-testid="reading-done"]')?.focus();
      return;
    }
    const input = this.input(next.pos);
    input?.focus();
    input?.select();
  }

  private setMap<V>(map: ReadonlyMap<number, V>, pos: number, v: V | undefined): Map<number, V> {
    const next = new Map(map);
    if (v === undefined) next.delete(pos);
    else next.set(pos, v);
    return next;
  }

  /** Enter on a field: questioned if implausible, a correction if already recorded, else recorded. */
  private submit(pos: number): void {
    const r = this.request;
    if (r === null || this.saving.has(pos)) return;
    const typed = this.input(pos)?.value ?? this.typed.get(pos) ?? '';
    const value = readingValue(typed);
    if (value === null) {
      this.problems = this.setMap(this.problems, pos, fill(t('reading.notNumber'), { typed }));
      return;
    }
    this.problems = this.setMap(this.problems, pos, undefined);
    if (this.recorded.get(pos) === typed) return this.focusNext(pos);
    const startL = r.at === 'end' ? r.startReadings.get(pos) : undefined;
    const p = startL === undefined ? null : readingPlausibility(startL, value, r.volL);
    if (p !== null && startL !== undefined && !p.plausible) {
      this.question = { kind: 'doubt', pos, typed, code: p.code, startL, endL: value, changeL: p.changeL, volL: p.volL };
      return;
    }
    this.accepted(pos, typed);
  }

  private accepted(pos: number, typed: string): void {
    const old = this.recorded.get(pos);
    if (old !== undefined) this.question = { kind: 'fix', pos, typed, old };
    else void this.record(pos, typed, null);
  }

  private onAnswer(e: CustomEvent<{ accept: boolean; reason?: string }>): void {
    const q = this.question;
    this.question = null;
    if (q === null) return;
    if (!e.detail.accept) {
      // 重新输入 / 不更正: back to the field, its text selected for the next try.
      void this.updateComplete.then(() => {
        const input = this.input(q.pos);
        input?.focus();
        input?.select();
      });
      return;
    }
    if (q.kind === 'doubt') this.accepted(q.pos, q.typed);
    else void this.record(q.pos, q.typed, e.detail.reason ?? null);
  }

  private async record(pos: number, typed: string, reason: string | null): Promise<void> {
    const r = this.request;
    if (r === null) return;
    this.saving = new Set([...this.saving, pos]);
    let taken = false;
    try {
      await (reason === null ? r.enter(pos, typed) : r.enter(pos, typed, { reason }));
      taken = this.request === r;
      if (taken) this.recorded = this.setMap(this.recorded, pos, typed);
    } catch (err) {
      this.problems = this.setMap(this.problems, pos, errorText(shownError(err)));
    } finally {
      const still = new Set(this.saving);
      still.delete(pos);
      this.saving = still;
    }
    if (!taken) return;
    // Rendered first: after the last position 完成读数 is enabled, and takes the focus.
    await this.updateComplete;
    this.focusNext(pos);
  }

  private finish(): void {
    const r = this.request;
    if (r === null) return;
    try {
      r.done();
      this.dispatchEvent(new CustomEvent('reading-done', { detail: r, bubbles: true, composed: true }));
    } catch (err) {
      this.error = errorText(shownError(err));
    }
  }

  static override styles = css`
    :host { position: fixed; inset: 0; z-index: 20; display: block; overflow: auto; background: #f4f6f9; }
    :host([hidden]) { display: none; }
    header { display: flex; align-items: center; gap: 1.5rem; padding: 0.6rem 1rem; background: #fff; border-bottom: 2px solid #d5dde6; position: sticky; top: 0; z-index: 1; }
    h2 { margin: 0; font-size: 2rem; white-space: nowrap; }
    .lead { color: #4a5a6a; font-size: 1rem; line-height: 1.3; }
    .progress { margin-left: auto; font-size: 2rem; font-weight: 800; white-space: nowrap; font-variant-numeric: tabular-nums; }
    button { font: inherit; font-size: 1.5rem; font-weight: 800; padding: 0.5rem 1.3rem; border-radius: 10px; border: 2px solid var(--erjian-primary); background: var(--erjian-primary); color: #fff; cursor: pointer; white-space: nowrap; }
    button[disabled] { opacity: 0.45; cursor: not-allowed; }
    button.danger { background: #fff; color: #b71c1c; border-color: #b71c1c; font-size: 1.1rem; }
    button:focus-visible, input:focus-visible { outline: 4px solid #ffd24d; }
    .error { color: #b71c1c; font-weight: 700; font-size: 1.2rem; margin: 0.5rem 1rem 0; }
    .grid { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 0.7rem; padding: 0.7rem 1rem; }
    .card { background: #fff; border-radius: 12px; border: 3px solid #d5dde6; padding: 0.5rem 0.7rem; display: flex; flex-direction: column; gap: 0.3rem; }
    .card.done { border-color: #2e7d32; }
    .card:focus-within { border-color: var(--erjian-primary); }
    .pos { display: flex; align-items: baseline; gap: 0.6rem; }
    .pos b { font-size: 1.9rem; }
    .pos span { font-size: 1.05rem; color: #4a5a6a; font-family: ui-monospace, monospace; overflow: hidden; text-overflow: ellipsis; }
    input { font: inherit; font-family: ui-monospace, monospace; font-size: 2.6rem; font-weight: 800; width: 100%; box-sizing: border-box; padding: 0.2rem 0.4rem; border: 2px solid #8a97a5; border-radius: 8px; text-align: right; font-variant-numeric: tabular-nums; }
    .facts { font-size: 1.15rem; color: #4a5a6a; min-height: 1.4em; font-variant-numeric: tabular-nums; }
    .state { font-size: 1.4rem; font-weight: 800; min-height: 1.5em; }
    .dial { font-size: 1.05rem; color: #6a4a00; background: #fff6d8; border-radius: 4px; padding: 0.1em 0.4em; font-variant-numeric: tabular-nums; }
    .state.ok { color: #1b6e20; }
    .state.edited { color: #8a5300; font-size: 1.1rem; }
    .state.problem { color: #b71c1c; font-size: 1.05rem; font-weight: 700; }
  `;

  private renderCard(pos: number, serial: string) {
    const r = this.request!;
    const typed = this.typed.get(pos) ?? this.recorded.get(pos) ?? '';
    const recorded = this.recorded.get(pos);
    const startL = r.at === 'end' ? r.startReadings.get(pos) : undefined;
    const value = readingValue(typed);
    const problem = this.problems.get(pos);
    const state = this.saving.has(pos)
      ? html`<span class="state">${t('reading.saving')}</span>`
      : problem !== undefined
        ? html`<span class="state problem" role="alert">${problem}</span>`
        : recorded === undefined
          ? nothing
          : recorded === typed
            ? html`<span class="state ok">✓ ${t('reading.recorded')}</span>`
            : html`<span class="state edited">${t('reading.edited')}</span>`;
    return html`<div class="card ${recorded !== undefined && recorded === typed ? 'done' : ''}" data-testid="reading-card-${pos}">
      <div class="pos"><b>${fill(t('reading.pos'), { pos })}</b><span>${serial}</span></div>
      <input
        data-testid="reading-${pos}"
        data-pos=${pos}
        inputmode="decimal"
        autocomplete="off"
        aria-label=${fill(t('reading.pos'), { pos })}
        .value=${typed}
        @input=${(e: Event) => (this.typed = this.setMap(this.typed, pos, (e.target as HTMLInputElement).value))}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          this.submit(pos);
        }}
      />
      <div class="facts">
        ${startL === undefined ? nothing : fill(t('reading.start'), { value: litres(startL) })}
        ${startL !== undefined && value !== null ? html` · ${fill(t('reading.change'), { value: litres(value - startL) })}` : nothing}
      </div>
      ${this.dial === null ? nothing : html`<div class="dial" data-testid="reading-dial-${pos}">${fill(t('reading.demoDial'), { value: this.dial(pos).toFixed(3) })}</div>`}
      <div data-testid="reading-state-${pos}">${state}</div>
    </div>`;
  }

  override render() {
    const r = this.request;
    if (r === null) return nothing;
    const done = r.positions.filter((p) => this.recorded.has(p.pos)).length;
    const total = r.positions.length;
    return html`<header>
        <h2 data-testid="reading-title" data-run=${r.runId} data-at=${r.at}>${fill(t(r.at === 'start' ? 'reading.title.start' : 'reading.title.end'), { point: r.point })}</h2>
        <div class="lead">${t('reading.lead')}<br />${fill(t('reading.volume'), { vol: litres(r.volL) })}</div>
        <span class="progress" data-testid="reading-progress">${fill(t('reading.progress'), { done, total })}</span>
        <button class="danger" data-testid="reading-abort" @click=${() => this.dispatchEvent(new CustomEvent('reading-abort', { bubbles: true, composed: true }))}>${t('bench.abort')}</button>
        <button data-testid="reading-done" ?disabled=${done < total || this.saving.size > 0} @click=${this.finish}>${t('reading.done')}</button>
      </header>
      ${this.error === null ? nothing : html`<p class="error" role="alert">${this.error}</p>`}
      <div class="grid">${r.positions.map((p) => this.renderCard(p.pos, p.serial))}</div>
      <erjian-reading-question .question=${this.question} @answer=${this.onAnswer}></erjian-reading-question>`;
  }
}

customElements.define('erjian-reading-sheet', ReadingSheet);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-reading-sheet': ReadingSheet;
  }
}
