import { LitElement, css, html, type PropertyValues } from 'lit';
import { defaultProfile, type RegulationProfile } from '../../domain/index.ts';
import { checkRecordIntegrity, meterRecordView, rawLinesPage, type MeterRecordView, type RecordIntegrity } from '../../store/meterRecordView.ts';
import type { RawLineRange } from '../../store/recordTypes.ts';
import { appStore } from '../appStore.ts';
import { errorText, shownError, type ShownError } from '../i18n/errorText.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { hrefOf } from '../route.ts';
import './meter-header.ts';
import './raw-lines.ts';
import './record-facts.ts';
import './record-integrity.ts';
import './run-table.ts';
import './superseded-list.ts';
import { fill } from './meterText.ts';
import { runTable } from './runRows.ts';

/** The profiles this build can recompute with: a record names its own by id + version. */
const PROFILES: readonly RegulationProfile[] = [defaultProfile];
const PAGE_SIZE = 200;

type Load = { state: 'loading' } | { state: 'not-found' } | { state: 'error'; error: ShownError } | { state: 'found'; view: MeterRecordView };

/**
 * A meter's full record (#/meters/<serial>), for the verifier who reviews it and the
 * institute that audits it: the verdict, the runs point by point, who and when, profile
 * and software, the superseded records, the raw lines — and the record's integrity,
 * checked on opening and on demand. A search box (scanner-friendly: a scan ends with
 * Enter) jumps to another serial.
 */
export class MeterView extends LitElement {
  static override properties = {
    serial: { type: String },
    load: { state: true },
    integrity: { state: true },
    checking: { state: true },
    progress: { state: true },
    focusRange: { state: true },
  };
  declare serial: string;
  declare load: Load;
  declare integrity: RecordIntegrity | null;
  declare checking: boolean;
  declare progress: { done: number; total: number } | null;
  declare focusRange: RawLineRange | null;
  /** the load in flight; an answer for a serial no longer shown is dropped */
  private loading = 0;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.serial = '';
    this.load = { state: 'loading' };
    this.integrity = null;
    this.checking = false;
    this.progress = null;
    this.focusRange = null;
  }

  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 1.2rem; }
    .card { background: #fff; border-radius: 12px; padding: 1.2rem 1.6rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    h3 { font-size: 1.2rem; margin: 0 0 0.8rem; }
    form { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; }
    label { font-size: 1.1rem; color: #4a5a6a; }
    input { font: inherit; font-size: 1.2rem; flex: 1; min-width: 16rem; padding: 0.45rem 0.6rem; border: 2px solid #8a97a5; border-radius: 8px; font-family: ui-monospace, monospace; }
    input:focus { outline: 3px solid #ffd24d; border-color: #0b5cab; }
    button { font: inherit; font-size: 1.1rem; padding: 0.45rem 1.2rem; border-radius: 8px; border: 2px solid #0b5cab; background: #0b5cab; color: #fff; cursor: pointer; }
    .message { font-size: 1.3rem; padding: 1rem 0; }
    .message.notfound { color: #8a5300; font-weight: 700; }
    .message.error { color: #b71c1c; font-weight: 700; }
  `;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('serial')) void this.open(this.serial);
  }

  private async open(serial: string): Promise<void> {
    const token = ++this.loading;
    this.load = { state: 'loading' };
    this.integrity = null;
    this.focusRange = null;
    try {
      const { db } = await appStore();
      const view = await meterRecordView(db, serial, { pageSize: PAGE_SIZE });
      if (token !== this.loading) return;
      this.load = view === null ? { state: 'not-found' } : { state: 'found', view };
      if (view !== null) await this.verify();
    } catch (err) {
      if (token === this.loading) this.load = { state: 'error', error: shownError(err) };
    }
  }

  /** Runs the record's integrity checks (on opening, and on "verify again"). */
  private async verify(): Promise<void> {
    if (this.load.state !== 'found' || this.checking) return;
    const token = this.loading;
    const record = this.load.view.current;
    this.checking = true;
    this.progress = null;
    try {
      const { db } = await appStore();
      const result = await checkRecordIntegrity(db, record, { profiles: PROFILES, onProgress: (done, total) => (this.progress = { done, total }) });
      if (token === this.loading) this.integrity = result;
    } catch (err) {
      if (token === this.loading) this.load = { state: 'error', error: shownError(err) };
    } finally {
      this.checking = false;
    }
  }

  private readonly loadPage = async (range: RawLineRange, offset: number, limit: number) => rawLinesPage((await appStore()).db, range, offset, limit);

  private onSearch(e: Event): void {
    e.preventDefault();
    const input = this.renderRoot.querySelector('input');
    const serial = input?.value.trim() ?? '';
    if (serial === '') return;
    if (serial === this.serial) void this.open(serial);
    else location.hash = hrefOf({ view: 'meter', serial });
  }

  override updated(): void {
    // Ready for the next scan: the box keeps the focus, its text selected to be replaced.
    const input = this.renderRoot.querySelector('input');
    if (input && this.shadowRoot?.activeElement !== input && this.load.state !== 'loading' && document.activeElement === document.body) {
      input.focus();
      input.select();
    }
  }

  private renderSearch() {
    return html`<div class="card">
      <form @submit=${this.onSearch}>
        <label for="serial">${t('meter.search')}</label>
        <input id="serial" data-testid="meter-search" autocomplete="off" .value=${this.serial} placeholder=${t('meter.searchPlaceholder')} />
        <button type="submit">${t('meter.searchGo')}</button>
      </form>
    </div>`;
  }

  private renderRecord(v: MeterRecordView) {
    const r = v.current;
    const profile = PROFILES.find((p) => p.id === r.profile.id && p.version === r.profile.version) ?? null;
    const table = runTable(r, v.runs, profile);
    const problem = this.integrity?.firstProblem;
    const highlight = problem?.check === 'raw-lines' && problem.deviceId !== undefined && problem.seq !== undefined ? { deviceId: problem.deviceId, seq: problem.seq } : null;
    return html`
      <div class="card"><erjian-meter-header .record=${r} .meterType=${v.meterType} .batch=${v.batch}></erjian-meter-header></div>
      <erjian-record-integrity .integrity=${this.integrity} ?checking=${this.checking} .progress=${this.progress} @verify-again=${() => this.verify()}></erjian-record-integrity>
      <div class="card">
        <h3>${t('meter.points')}</h3>
        ${table ? html`<erjian-run-table .table=${table} @show-lines=${(e: CustomEvent<RawLineRange>) => (this.focusRange = e.detail)}></erjian-run-table>` : html`<p>${fill(t('meter.problem.profile-unknown'), { found: `${r.profile.id} ${r.profile.version}` })}</p>`}
      </div>
      <div class="card">
        <h3>${t('meter.facts')}</h3>
        <erjian-record-facts .record=${r} .session=${v.sessions.find((s) => s.id === r.sessionId) ?? null}></erjian-record-facts>
      </div>
      <div class="card">
        <h3>${t('meter.superseded')}</h3>
        <erjian-superseded-list .items=${v.superseded}></erjian-superseded-list>
      </div>
      <div class="card">
        <h3>${t('meter.rawLines')}</h3>
        <erjian-raw-lines .pages=${v.rawLines} .loader=${this.loadPage} .pageSize=${PAGE_SIZE} .highlight=${highlight} .focusRange=${this.focusRange}></erjian-raw-lines>
      </div>
    `;
  }

  override render() {
    const l = this.load;
    return html`
      ${this.renderSearch()}
      ${l.state === 'loading' ? html`<p class="message" role="status">${t('meter.loading')}</p>` : ''}
      ${l.state === 'not-found' ? html`<div class="card"><p class="message notfound" role="alert" data-testid="meter-not-found">${fill(t('meter.notFound'), { serial: this.serial })}</p></div>` : ''}
      ${l.state === 'error' ? html`<div class="card"><p class="message error" role="alert">${errorText(l.error)}</p></div>` : ''}
      ${l.state === 'found' ? this.renderRecord(l.view) : ''}
    `;
  }
}

customElements.define('erjian-meter-record', MeterView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-meter-record': MeterView;
  }
}
