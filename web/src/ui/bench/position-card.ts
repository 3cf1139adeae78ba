import { LitElement, css, html } from 'lit';
import { TEST_POINTS } from '../../domain/index.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { hrefOf } from '../route.ts';
import type { PositionState } from './benchController.ts';

/**
 * One bench position: its serial number (typed or scanned — a scanner types and presses
 * Enter), the operator's checks, and E at Q3/Q2/Q1 with the verdict; once stored, a link
 * to the meter's full record. Pass/fail is told
 * by a word and a mark as well as a colour, and in type big enough to read from two metres.
 *
 * @fires mount - detail {pos, serial}: a serial number was entered
 * @fires checks - detail {pos, ok}: external/function toggled
 * @fires leak - detail {pos, leak}: tightness confirmed
 */
export class PositionCard extends LitElement {
  static override properties = { position: { attribute: false }, canMount: { type: Boolean }, canConfirmLeak: { type: Boolean } };
  declare position: PositionState;
  declare canMount: boolean;
  declare canConfirmLeak: boolean;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.canMount = false;
    this.canConfirmLeak = false;
  }

  static override styles = css`
    :host { display: block; background: #fff; border-radius: 12px; border: 3px solid #d5dde6; padding: 0.8rem 1rem; }
    :host([verdict='pass']) { border-color: #1b6e20; }
    :host([verdict='fail']) { border-color: #b71c1c; }
    .top { display: flex; justify-content: space-between; align-items: baseline; gap: 0.5rem; }
    .pos { font-size: 1.6rem; font-weight: 800; color: #0b5cab; }
    .serial { font-family: ui-monospace, monospace; font-size: 1.15rem; font-weight: 700; }
    input { font: inherit; font-size: 1.1rem; width: 100%; box-sizing: border-box; padding: 0.4rem 0.5rem; border: 2px solid #8a97a5; border-radius: 6px; }
    input:focus { outline: 3px solid #ffd24d; border-color: #0b5cab; }
    input[type='checkbox'] { width: 1.3rem; height: 1.3rem; padding: 0; }
    label { white-space: nowrap; }
    table { width: 100%; border-collapse: collapse; margin-top: 0.5rem; font-variant-numeric: tabular-nums; }
    td { padding: 0.15rem 0; font-size: 1.25rem; }
    td.pt { color: #4a5a6a; font-size: 1rem; width: 2.5rem; }
    td.e { font-weight: 800; text-align: right; }
    td.m { text-align: right; width: 2.2rem; font-size: 1.4rem; }
    .pass { color: #1b6e20; }
    .fail { color: #b71c1c; }
    .invalid { color: #8a5300; }
    .verdict { margin-top: 0.5rem; font-size: 2rem; font-weight: 900; text-align: center; border-radius: 8px; padding: 0.2rem; }
    .verdict.pass { background: #e8f5e9; }
    .verdict.fail { background: #fdecea; }
    .verdict.pending { color: #8a97a5; font-size: 1.2rem; }
    .checks { display: flex; gap: 0.6rem; flex-wrap: wrap; margin-top: 0.4rem; font-size: 0.95rem; }
    label { display: flex; align-items: center; gap: 0.25rem; }
    .stored { color: #4a5a6a; font-size: 0.95rem; text-align: center; margin-top: 0.3rem; }
    .stored a { color: #0b5cab; font-weight: 700; white-space: nowrap; }
  `;

  override updated(): void {
    const v = this.position.verdict;
    this.setAttribute('verdict', v === null ? 'pending' : v.passed ? 'pass' : 'fail');
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key !== 'Enter') return;
    const input = e.target as HTMLInputElement;
    const serial = input.value.trim();
    if (serial === '') return;
    this.dispatchEvent(new CustomEvent('mount', { detail: { pos: this.position.pos, serial }, bubbles: true, composed: true }));
  }

  private toggleChecks(kind: 'external' | 'function', ok: boolean): void {
    const p = this.position;
    const next = { external: kind === 'external' ? ok : p.externalOk ?? true, function: kind === 'function' ? ok : p.functionOk ?? true };
    this.dispatchEvent(new CustomEvent('checks', { detail: { pos: p.pos, ok: next }, bubbles: true, composed: true }));
  }

  private renderPoints() {
    const p = this.position;
    return html`<table>
      ${TEST_POINTS.map((pt) => {
        const r = p.results[pt];
        if (!r) return html`<tr><td class="pt">${pt}</td><td class="e">—</td><td class="m"></td></tr>`;
        const cls = !r.valid ? 'invalid' : r.pass ? 'pass' : 'fail';
        const mark = !r.valid ? '?' : r.pass ? '✓' : '✕';
        const e = `${r.errorPct > 0 ? '+' : r.errorPct < 0 ? '−' : ''}${Math.abs(r.errorPct).toFixed(2)} %`;
        return html`<tr data-testid="e-${p.pos}-${pt}" title="MPE ±${r.mpePct} %">
          <td class="pt">${pt}</td><td class="e ${cls}">${e}</td><td class="m ${cls}">${mark}</td>
        </tr>`;
      })}
    </table>`;
  }

  override render() {
    const p = this.position;
    const v = p.verdict;
    const verdictClass = v === null ? 'pending' : v.passed ? 'pass' : 'fail';
    const verdictText = v === null ? t('verdict.pending') : v.passed ? `✓ ${t('verdict.pass')}` : `✕ ${t('verdict.fail')}`;
    return html`
      <div class="top">
        <span class="pos">${p.pos}</span>
        ${p.serial ? html`<span class="serial" data-testid="serial-${p.pos}">${p.serial}</span>` : ''}
      </div>
      ${!p.serial && this.canMount
        ? html`<input data-testid="scan-${p.pos}" aria-label="${t('bench.pos')} ${p.pos}" placeholder=${t('bench.serialPlaceholder')} @keydown=${this.onKey} />`
        : ''}
      ${p.serial
        ? html`<div class="checks">
            <label><input type="checkbox" .checked=${p.externalOk === true} @change=${(e: Event) => this.toggleChecks('external', (e.target as HTMLInputElement).checked)} />${t('bench.external')}</label>
            <label><input type="checkbox" .checked=${p.functionOk === true} @change=${(e: Event) => this.toggleChecks('function', (e.target as HTMLInputElement).checked)} />${t('bench.function')}</label>
            ${this.canConfirmLeak || p.leak !== null
              ? html`<label
                  ><input
                    type="checkbox"
                    .checked=${p.leak === true}
                    ?disabled=${!this.canConfirmLeak}
                    @change=${(e: Event) =>
                      this.dispatchEvent(new CustomEvent('leak', { detail: { pos: p.pos, leak: (e.target as HTMLInputElement).checked }, bubbles: true, composed: true }))}
                  />${t('bench.leak')}</label
                >`
              : ''}
          </div>`
        : ''}
      ${this.renderPoints()}
      <div class="verdict ${verdictClass}" data-testid="verdict-${p.pos}">${verdictText}</div>
      ${p.stored && p.serial
        ? html`<div class="stored">
            ${t('bench.stored')}<br />
            <a href=${hrefOf({ view: 'meter', serial: p.serial })} data-testid="record-${p.pos}">${t('meter.open')} →</a>
          </div>`
        : ''}
    `;
  }
}

customElements.define('erjian-position', PositionCard);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-position': PositionCard;
  }
}
