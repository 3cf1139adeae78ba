import { LitElement, css, html } from 'lit';
import { unfinishedRuns, type ErjianDb } from '../../store/index.ts';
import { dateTime } from '../batches/format.ts';
import { fill } from '../certificate/certificateText.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { hrefOf } from '../route.ts';
import { loadSessionView, type SessionMeterView, type SessionView } from './sessionModel.ts';
import { runError, stateText } from './sessionText.ts';

export interface UnfinishedGroup {
  view: SessionView;
  meter: SessionMeterView;
}

/** The meter's runs that no verification holds yet, with their sessions as the screens show them. */
export async function loadUnfinished(db: ErjianDb, serial: string): Promise<UnfinishedGroup[]> {
  const groups = await unfinishedRuns(db, serial);
  const out: UnfinishedGroup[] = [];
  for (const g of groups) {
    const view = await loadSessionView(db, g.session.id);
    const meter = view?.meters.find((m) => m.serial === serial);
    if (view && meter) out.push({ view, meter });
  }
  return out;
}

/**
 * On a meter's page: runs of a verification that has not finished (a session still
 * running, interrupted or closed without its verdict) — shown as unfinished, never as a
 * result, with a way to the session (issue 10 item 4).
 */
export class UnfinishedRuns extends LitElement {
  static override properties = { groups: { attribute: false } };
  declare groups: UnfinishedGroup[];

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.groups = [];
  }

  static override styles = css`
    :host { display: block; }
    .card { background: #fffaf0; border: 2px dashed #c77800; border-radius: 12px; padding: 1.2rem 1.6rem; margin-bottom: 1rem; }
    h3 { margin: 0 0 0.5rem; color: #8a5300; }
    p { margin: 0 0 0.6rem; }
    table { width: 100%; border-collapse: collapse; font-size: 1.05rem; }
    th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid #eadfc8; }
    th { color: #4a5a6a; font-weight: 600; }
    td.e { text-align: right; font-variant-numeric: tabular-nums; font-weight: 700; color: #6b7a89; }
    a { color: var(--erjian-primary); font-weight: 700; }
  `;

  override render() {
    return this.groups.map(
      (g) => html`<div class="card" data-testid="meter-unfinished" data-session-id=${g.view.session.id}>
        <h3>${t('unfinished.heading')}</h3>
        <p>${fill(t('unfinished.lead'), { state: stateText(g.view.session) })}</p>
        <table>
          <thead><tr><th>${t('session.run.point')}</th><th>${t('session.run.e')}</th><th></th><th>${t('meter.col.when')}</th></tr></thead>
          <tbody>
            ${g.meter.runs.map(
              (r) => html`<tr data-testid="unfinished-run" data-point=${r.run.point}>
                <td>${r.run.point}</td><td class="e">${runError(r.evaluation?.errorPct)}</td>
                <td>${r.evaluation !== null && !r.evaluation.valid ? t('session.run.invalid') : r.counted ? t('session.run.counted') : t('session.run.notCounted')}</td>
                <td>${dateTime(r.run.completedAt)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${g.meter.open.length > 0 ? html`<p>${fill(t('session.openPoints'), { points: g.meter.open.join(' → ') })}</p>` : ''}
        <a href=${hrefOf({ view: 'session', sessionId: g.view.session.id })}>${t('unfinished.session')} →</a>
      </div>`,
    );
  }
}

customElements.define('erjian-unfinished-runs', UnfinishedRuns);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-unfinished-runs': UnfinishedRuns;
  }
}
