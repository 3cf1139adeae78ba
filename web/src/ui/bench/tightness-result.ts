import { LitElement, css, html } from 'lit';
import { defaultProfile } from '../../domain/index.ts';
import type { TightnessOutcome } from '../../bench/session/tightnessRun.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t, type MessageKey } from '../i18n/i18n.ts';

const kpa = (x: number | null) => (x === null ? '—' : x.toFixed(1));
const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

/**
 * The last tightness test on the bench screen (docs/rules.md R-TIGHT): valid, with the hold
 * the domain judged and the gauge, or invalid with its reasons and "run it again" — an
 * invalid test fails no meter. A decay during the hold is a hint to check for leaks,
 * shown apart from the verdict: the operator's leak / damage confirmation decides.
 */
export class TightnessResult extends LitElement {
  static override properties = { result: { attribute: false } };
  declare result: TightnessOutcome | null;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.result = null;
  }

  // One line on the bench screen where it fits (the screen's layout does not move between
  // steps): the result, the hint and the gauge run on; a reason list wraps as it must.
  static override styles = css`
    :host { display: block; font-size: inherit; line-height: inherit; }
    p { display: inline; margin: 0 0.8rem 0 0; }
    .valid { color: #1b6e20; font-weight: 700; }
    .invalid { color: #8a5300; font-weight: 800; }
    .hint { color: #b71c1c; font-weight: 800; }
    .meta { color: #4a5a6a; font-size: 0.85rem; white-space: nowrap; }
  `;

  override render() {
    const r = this.result;
    if (r === null) return '';
    const c = r.condition;
    const values = {
      required: kpa(r.requiredKpa),
      setpoint: kpa(r.setpointKpa),
      min: kpa(c.minKpaInHold),
      held: c.heldS,
      decay: kpa(c.decayKpa),
      hold: defaultProfile.tightness.value.holdSeconds,
      gauge: r.gauge ? `${r.gauge.id}${r.gauge.uKpa === undefined ? '' : ` (U = ${r.gauge.uKpa} kPa)`}` : '—',
    };
    return html`
      ${r.valid
        ? html`<p class="valid" data-testid="tightness-result" data-valid="true">✓ ${fill(t('tight.valid'), values)}</p>`
        : html`<p class="invalid" data-testid="tightness-result" data-valid="false" role="alert">
            ⚠ ${t('tight.invalid')}
            ${c.reasons.map((x) => html` <span data-testid="tightness-reason" data-code=${x.code}>· ${fill(t(`tight.reason.${x.code}` as MessageKey), values)}</span>`)}
          </p>`}
      ${c.leakHint ? html`<p class="hint" data-testid="tightness-leak-hint" role="alert">⚠ ${fill(t('tight.leakHint'), values)}</p>` : ''}
      <p class="meta">${fill(t('tight.gauge'), values)}</p>
    `;
  }
}

customElements.define('erjian-tightness-result', TightnessResult);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-tightness-result': TightnessResult;
  }
}
