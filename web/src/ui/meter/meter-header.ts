import { LitElement, css, html } from 'lit';
import type { VerificationRecord } from '../../store/recordTypes.ts';
import type { Batch, MeterType } from '../../store/referenceTypes.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { hrefOf } from '../route.ts';
import { fill, verdictReasonText } from './meterText.ts';
import { syncText } from '../sync/messages.ts';
import '../sync/sync-mark.ts';

/**
 * The head of a meter record: the serial number and the verdict in type readable from two
 * metres, told by a mark (✓ / ✗) and a word as well as by colour; the nameplate (the
 * meter type, never guessed — docs/rules.md R-METER) and the batch, linked.
 *
 * @csspart verdict - the verdict block
 */
export class MeterHeader extends LitElement {
  static override properties = { record: { attribute: false }, meterType: { attribute: false }, batch: { attribute: false } };
  declare record: VerificationRecord;
  declare meterType: MeterType | null;
  declare batch: Batch | null;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.meterType = null;
    this.batch = null;
  }

  static override styles = css`
    :host { display: grid; grid-template-columns: 1fr auto; gap: 1rem 2rem; align-items: center; }
    .label { color: #4a5a6a; font-size: 0.95rem; }
    .serial { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 2.6rem; font-weight: 800; letter-spacing: 0.03em; word-break: break-all; }
    .verdict { font-size: 3rem; font-weight: 900; padding: 0.3rem 1.4rem; border-radius: 12px; border: 4px solid; text-align: center; white-space: nowrap; }
    .verdict.pass { color: #1b6e20; background: #e8f5e9; border-color: #1b6e20; }
    .verdict.fail { color: #b71c1c; background: #fdecea; border-color: #b71c1c; }
    .plate { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 0.4rem 2rem; font-size: 1.1rem; }
    .plate b { font-weight: 700; }
    a { color: var(--erjian-primary); font-weight: 700; }
    ul { grid-column: 1 / -1; margin: 0; padding: 0.6rem 1rem 0.6rem 2rem; background: #fdecea; border-radius: 8px; color: #7f1010; font-size: 1.1rem; }
  `;

  override render() {
    const r = this.record;
    const m = r.record.meter;
    const type = this.meterType;
    const passed = r.verdict.passed;
    return html`
      <div>
        <div class="label">${t('meter.serial')}</div>
        <div class="serial" data-testid="meter-serial">${r.serial}</div>
      </div>
      <div class="verdict ${passed ? 'pass' : 'fail'}" part="verdict" data-testid="meter-verdict" data-passed=${String(passed)}>
        ${passed ? `✓ ${t('verdict.pass')}` : `✗ ${t('verdict.fail')}`}
      </div>
      <div class="plate">
        <span><span class="label">${t('meter.type')}</span> <b data-testid="meter-type">${type ? `${type.model} ${type.name}` : '—'}</b></span>
        <span><span class="label">${t('meter.nameplate')}</span>
          <b data-testid="meter-nameplate">DN${m.dn} · Q3 ${m.q3M3h} m³/h · R${m.r} · ${fill(t('meter.accuracyClass'), { class: m.accuracyClass })} · δ ${m.deltaL} L${m.mapMpa === undefined ? '' : ` · MAP ${m.mapMpa} MPa`}</b></span>
        <span><span class="label">${t('meter.batch')}</span> <a href=${hrefOf({ view: 'batch', batchId: r.batchId })} data-testid="meter-batch">${r.batchId}</a></span>
        ${type ? html`<span class="label">${type.manufacturer}</span>` : ''}
        <span data-testid="meter-sync"><span class="label">${syncText('mark.label')}</span> <erjian-sync-mark kind="record" item=${r.id}></erjian-sync-mark></span>
      </div>
      ${passed ? '' : html`<ul aria-label=${t('meter.verdictReasons')} data-testid="meter-reasons">${r.verdict.reasons.map((x) => html`<li>${verdictReasonText(x)}</li>`)}</ul>`}
    `;
  }
}

customElements.define('erjian-meter-header', MeterHeader);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-meter-header': MeterHeader;
  }
}
