import { LitElement, css, html, nothing } from 'lit';
import { TEST_POINTS } from '../../domain/index.ts';
import { fill } from '../certificate/certificateText.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { hrefOf } from '../route.ts';
import type { PositionState } from './benchController.ts';
import { verdictReasonsText } from './benchGuideText.ts';

type Choice = { value: string; label: string; title: string; tone: 'good' | 'bad' };

/**
 * One bench position as a row of the bench's table, read from two metres: its number, the
 * serial number (typed or scanned — a scanner types and presses Enter), the operator's
 * 外观 / 功能 / 密封性 in one form — ✓ for good, ✕ (or 泄漏 / 损坏) for bad, nothing chosen
 * until recorded — E at Q3 / Q2 / Q1, the verdict and, for a failed meter, why. Pass / fail
 * is told by a word and a mark as well as a colour. The row's height never changes, so
 * nothing on the screen moves from step to step (docs/rules.md R-ITEMS, R-TIGHT).
 *
 * @fires mount - detail {pos, text}: a serial number was entered (checked by the screen)
 * @fires checks - detail {pos, ok: {external?, function?}}: an external or function choice
 * @fires tightness - detail {pos, leak, damage}: leak / damage confirmed on a valid test
 */
export class PositionCard extends LitElement {
  static override properties = {
    position: { attribute: false },
    canMount: { type: Boolean },
    canRecord: { type: Boolean },
    canConfirmLeak: { type: Boolean },
    scanRefused: { type: Boolean },
  };
  declare position: PositionState;
  declare canMount: boolean;
  declare canRecord: boolean;
  declare canConfirmLeak: boolean;
  declare scanRefused: boolean;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.canMount = false;
    this.canRecord = false;
    this.canConfirmLeak = false;
    this.scanRefused = false;
  }

  static override styles = css`
    :host {
      display: grid; grid-template-columns: var(--bench-cols); column-gap: var(--bench-gap); align-items: center;
      height: var(--bench-row-h, 44px); box-sizing: border-box; padding: 0 0.5rem;
      background: #fff; border-bottom: 1px solid #d5dde6; border-left: 6px solid #d5dde6;
    }
    :host([verdict='pass']) { background: #f1f8f1; border-left-color: #1b6e20; }
    :host([verdict='fail']) { background: #fdf0ef; border-left-color: #b71c1c; }
    .pos { font-size: 1.6rem; font-weight: 800; color: var(--erjian-primary); text-align: center; }
    .serial { display: flex; align-items: center; gap: 0.4rem; min-width: 0; }
    .serial b { font-family: ui-monospace, monospace; font-size: 1.3rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .again { font-size: 0.85rem; font-weight: 700; color: #8a5300; border: 2px solid #8a5300; border-radius: 6px; padding: 0 0.3rem; white-space: nowrap; }
    input { font: inherit; font-size: 1rem; width: 100%; box-sizing: border-box; padding: 0.3rem 0.45rem; border: 2px solid #8a97a5; border-radius: 6px; }
    input:focus { outline: 3px solid #ffd24d; border-color: var(--erjian-primary); }
    input[aria-invalid='true'] { border-color: #b71c1c; background: #fdf0ef; }
    .choice { display: flex; gap: 3px; }
    .choice button {
      font: inherit; font-size: 1.1rem; font-weight: 800; min-width: 2.4rem; height: 2.1rem; padding: 0 0.35rem; border-radius: 6px;
      border: 2px solid #b8c2cc; background: #fff; color: #8a97a5; cursor: pointer; white-space: nowrap;
    }
    .choice button.good.on { background: #1b6e20; border-color: #1b6e20; color: #fff; }
    .choice button.bad.on { background: #b71c1c; border-color: #b71c1c; color: #fff; }
    .choice button:not(.on):not([disabled]):hover { border-color: var(--erjian-primary); color: var(--erjian-primary); }
    .choice button[disabled] { cursor: not-allowed; }
    .choice button[disabled]:not(.on) { opacity: 0.45; }
    .choice button:focus-visible { outline: 3px solid #ffd24d; }
    .choice button.word { font-size: 0.95rem; padding: 0 0.3rem; }
    .choice[data-value='none'].open button { border-style: dashed; border-color: #c77800; }
    .q { display: flex; align-items: baseline; justify-content: flex-end; gap: 0.25rem; white-space: nowrap; font-variant-numeric: tabular-nums; }
    .e { font-size: 1.75rem; font-weight: 800; line-height: 1; }
    .e small { font-size: 0.55em; font-weight: 700; }
    .m { font-size: 1.2rem; font-weight: 800; width: 1.1rem; text-align: center; }
    .none { color: #b8c2cc; font-size: 1.4rem; }
    .pass { color: #1b6e20; }
    .fail { color: #b71c1c; }
    .invalid { color: #8a5300; }
    .verdict { padding-left: 0.4rem; font-size: 1.7rem; font-weight: 900; white-space: nowrap; line-height: 1; }
    .verdict.pending { font-size: 1.1rem; font-weight: 700; color: #8a97a5; }
    .tail { display: flex; align-items: center; gap: 0.5rem; min-width: 0; }
    .why { flex: 1; min-width: 0; font-size: 0.95rem; line-height: 1.2; color: #b71c1c; font-weight: 700;
      display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
    /* Once stored, the serial number opens the meter's record. */
    a.record { display: flex; align-items: baseline; gap: 0.3rem; min-width: 0; color: var(--erjian-primary); font-weight: 700; text-decoration: none; }
    a.record b { color: #15202b; text-decoration: underline dotted var(--erjian-primary); text-underline-offset: 4px; }
    a.record:hover b, a.record:focus-visible b { text-decoration-style: solid; }
  `;

  override updated(): void {
    const v = this.position.verdict;
    this.setAttribute('verdict', v === null ? 'pending' : v.passed ? 'pass' : 'fail');
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter') return;
    const text = (e.target as HTMLInputElement).value;
    if (text.trim() === '') return;
    this.dispatchEvent(new CustomEvent('mount', { detail: { pos: this.position.pos, text }, bubbles: true, composed: true }));
  }

  private send(type: 'checks' | 'tightness', detail: object): void {
    this.dispatchEvent(new CustomEvent(type, { detail: { pos: this.position.pos, ...detail }, bubbles: true, composed: true }));
  }

  private choice(id: string, label: string, value: string, options: Choice[], enabled: boolean, pick: (value: string) => void) {
    return html`<div class="choice ${enabled ? 'open' : ''}" role="radiogroup" aria-label=${label} data-testid=${id} data-value=${value}>
      ${options.map(
        (o) => html`<button
          class="${o.tone} ${o.label.length > 1 ? 'word' : ''} ${o.value === value ? 'on' : ''}"
          role="radio"
          aria-checked=${o.value === value ? 'true' : 'false'}
          title="${label}：${o.title}"
          data-testid="${id}-${o.value}"
          ?disabled=${!enabled}
          @click=${() => pick(o.value)}
        >${o.label}</button>`,
      )}
    </div>`;
  }

  private renderItems() {
    const p = this.position;
    const okFail: Choice[] = [
      { value: 'ok', label: '✓', title: t('guide.choice.ok'), tone: 'good' },
      { value: 'fail', label: '✕', title: t('guide.choice.fail'), tone: 'bad' },
    ];
    const word = (ok: boolean | null) => (ok === null ? 'none' : ok ? 'ok' : 'fail');
    const tight = p.leak === null ? 'none' : p.leak ? 'leak' : p.damage === true ? 'damage' : 'ok';
    const tightOptions: Choice[] = [
      { value: 'ok', label: '✓', title: t('guide.choice.tightOk'), tone: 'good' },
      { value: 'leak', label: t('guide.choice.leak'), title: t('guide.choice.leak'), tone: 'bad' },
      { value: 'damage', label: t('guide.choice.damage'), title: t('guide.choice.damage'), tone: 'bad' },
    ];
    return html`
      ${this.choice(`external-${p.pos}`, t('bench.external'), word(p.externalOk), okFail, this.canRecord, (v) => this.send('checks', { ok: { external: v === 'ok' } }))}
      ${this.choice(`function-${p.pos}`, t('bench.function'), word(p.functionOk), okFail, this.canRecord, (v) => this.send('checks', { ok: { function: v === 'ok' } }))}
      ${this.choice(`tight-${p.pos}`, t('guide.col.tightness'), tight, tightOptions, this.canConfirmLeak, (v) => this.send('tightness', { leak: v === 'leak', damage: v === 'damage' }))}
    `;
  }

  private renderPoints() {
    const p = this.position;
    return TEST_POINTS.map((pt) => {
      const r = p.results[pt];
      if (!r) return html`<div class="q" data-testid="e-${p.pos}-${pt}">${p.serial ? html`<span class="none">—</span>` : nothing}</div>`;
      const cls = !r.valid ? 'invalid' : r.pass ? 'pass' : 'fail';
      const mark = !r.valid ? '?' : r.pass ? '✓' : '✕';
      const sign = r.errorPct > 0 ? '+' : r.errorPct < 0 ? '−' : '';
      return html`<div class="q" data-testid="e-${p.pos}-${pt}" title="${pt} · ${fill(t('guide.mpe'), { mpe: r.mpePct })}">
        <span class="e ${cls}">${sign}${Math.abs(r.errorPct).toFixed(2)}<small> %</small></span><span class="m ${cls}">${mark}</span>
      </div>`;
    });
  }

  override render() {
    const p = this.position;
    const v = p.verdict;
    const verdictClass = v === null ? 'pending' : v.passed ? 'pass' : 'fail';
    const verdictText = v === null ? (p.serial ? t('verdict.pending') : '') : v.passed ? `✓ ${t('verdict.pass')}` : `✕ ${t('verdict.fail')}`;
    const why = v !== null && !v.passed ? verdictReasonsText(v) : '';
    return html`
      <span class="pos">${p.pos}</span>
      <div class="serial">
        ${p.serial
          ? html`${p.stored
                ? html`<a class="record" href=${hrefOf({ view: 'meter', serial: p.serial })} data-testid="record-${p.pos}" title=${t('meter.open')}
                    ><b data-testid="serial-${p.pos}">${p.serial}</b> →</a
                  >`
                : html`<b data-testid="serial-${p.pos}" title=${p.serial}>${p.serial}</b>`}
              ${p.reverification
                ? html`<span class="again" data-testid="reverify-${p.pos}" title=${p.reverification.reason}>${t('guide.reverify.mark')}</span>`
                : nothing}`
          : this.canMount
            ? html`<input
                data-testid="scan-${p.pos}"
                aria-label="${t('bench.pos')} ${p.pos}"
                aria-invalid=${this.scanRefused ? 'true' : 'false'}
                placeholder=${t('guide.scanPlaceholder')}
                title=${t('bench.serialPlaceholder')}
                @keydown=${this.onKey}
              />`
            : nothing}
      </div>
      ${p.serial ? this.renderItems() : html`<span></span><span></span><span></span>`}
      ${this.renderPoints()}
      <div class="verdict ${verdictClass}" data-testid="verdict-${p.pos}">${verdictText}</div>
      <div class="tail">
        ${why ? html`<span class="why" data-testid="reason-${p.pos}" title=${why}>${why}</span>` : nothing}
      </div>
    `;
  }
}

customElements.define('erjian-position', PositionCard);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-position': PositionCard;
  }
}
