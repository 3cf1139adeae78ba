import { LitElement, css, html } from 'lit';
import { defaultProfile, tightnessCondition, type Checklist, type TightnessTest } from '../../domain/index.ts';
import type { SessionRecord, VerificationRecord } from '../../store/recordTypes.ts';
import { methodText } from '../certificate/certificateText.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { shortChecksum } from '../softwareIdentity.ts';
import { instantText } from './meterText.ts';

/**
 * Who verified the meter, when, on which bench (with the uncertainty it declared, which
 * must be ≤ 1/5 of the MPE — docs/rules.md R-UNCERT), with which regulation profile and which
 * software (OIML D 31 §6.2.2: the identification is stamped on every record), and until
 * when the verification is valid (有效期).
 */
export class RecordFacts extends LitElement {
  static override properties = { record: { attribute: false }, session: { attribute: false } };
  declare record: VerificationRecord;
  declare session: SessionRecord | null;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.session = null;
  }

  static override styles = css`
    :host { display: block; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.45rem 1.5rem; margin: 0; font-size: 1.05rem; }
    dt { color: #4a5a6a; }
    dd { margin: 0; font-weight: 600; }
    .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-weight: 500; font-size: 0.9rem; word-break: break-all; }
    .short { font-family: ui-monospace, monospace; font-weight: 800; color: var(--erjian-primary); margin-right: 0.6rem; }
    .big { font-size: 1.5rem; font-weight: 800; }
    .pass { color: #1b6e20; }
    .fail { color: #b71c1c; }
  `;

  private checklistMark(list: Checklist | undefined): string {
    if (list === undefined || list.items.length === 0) return '—';
    return list.items.every((i) => i.ok) ? '✓' : '✗';
  }

  /** The hold the rules judged (docs/rules.md R-TIGHT): lowest pressure in it and its length. */
  private holdText(test: TightnessTest): string {
    const c = tightnessCondition(test.trace, this.record.record.meter, defaultProfile);
    if (c === null || c.minKpaInHold === null) return '';
    return `${(c.minKpaInHold / 1000).toFixed(3)} MPa · ${c.heldS} s${test.gauge ? ` · ${test.gauge.id}` : ''}`;
  }

  override render() {
    const r = this.record;
    const s = this.session;
    const tight = r.record.tightness;
    return html`<dl>
      <dt>${t('meter.operator')}</dt><dd data-testid="fact-operator">${r.operator}</dd>
      <dt>${t('meter.verificationDate')}</dt><dd data-testid="fact-date">${r.verificationDate}</dd>
      <dt>${t('meter.validUntil')}</dt>
      <dd class="big ${r.validUntil ? 'pass' : 'fail'}" data-testid="fact-valid-until">${r.validUntil ?? t('meter.validUntilNone')}</dd>
      <dt>${t('meter.createdAt')}</dt><dd>${instantText(r.createdAt)}</dd>
      <dt>${t('meter.checks')}</dt>
      <dd>
        ${this.checklistMark(r.record.externalExamination)} / ${this.checklistMark(r.record.functionCheck)} /
        ${tight === undefined ? '—' : `${tight.leak || tight.damage ? '✗' : '✓'} ${this.holdText(tight)}`}
      </dd>
      <dt>${t('meter.bench')}</dt>
      <dd data-testid="fact-bench">
        ${s ? `${s.bench.id}${s.bench.vendor || s.bench.model ? ` (${[s.bench.vendor, s.bench.model].filter(Boolean).join(' ')})` : ''} · ${methodText(s.bench.method)}` : '—'}
      </dd>
      <dt>${t('meter.benchUncertainty')}</dt><dd data-testid="fact-urel">${s?.bench.uRelPct === undefined ? '—' : `${s.bench.uRelPct} %`}</dd>
      <dt>${t('meter.session')}</dt>
      <dd><span class="mono">${r.sessionId}</span>${s ? html` · ${instantText(s.startedAt)}${s.endedAt ? ` – ${instantText(s.endedAt)}` : ''}` : ''}</dd>
      <dt>${t('meter.profile')}</dt><dd data-testid="fact-profile">${r.profile.id} · ${r.profile.version}</dd>
      <dt>${t('meter.software')}</dt><dd data-testid="fact-software">${r.software.version}</dd>
      <dt>${t('meter.softwareSha')}</dt>
      <dd><span class="short">${shortChecksum(r.software.sha256)}</span><span class="mono" data-testid="fact-sha">${r.software.sha256}</span></dd>
      <dt>${t('meter.recordId')}</dt><dd class="mono">${r.id}</dd>
    </dl>`;
  }
}

customElements.define('erjian-record-facts', RecordFacts);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-record-facts': RecordFacts;
  }
}
