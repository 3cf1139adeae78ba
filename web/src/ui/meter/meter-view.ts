import { LitElement, css, html, type PropertyValues } from 'lit';
import { defaultProfile, type RegulationProfile } from '../../domain/index.ts';
import { rebuildMeterRuns } from '../../bench/replay.ts';
import { checkRecordIntegrity, meterRecordView, rawLinesPage, type MeterRecordView, type RecordIntegrity } from '../../store/meterRecordView.ts';
import type { RawLineRange } from '../../store/recordTypes.ts';
import { appStore } from '../appStore.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { Task, TaskStatus, initialState, loadErrorLine, loadStyles, renderLoad } from '../load.ts';
import { hrefOf } from '../route.ts';
import './meter-header.ts';
import './raw-lines.ts';
import './record-facts.ts';
import './record-integrity.ts';
import './run-table.ts';
import './superseded-list.ts';
import './conflict-notice.ts';
import { conflictNotice, type ConflictNotice } from '../sync/conflicts.ts';
import { pulledConflictOf } from '../sync/syncService.ts';
import { fill } from './meterText.ts';
import { runTable } from './runRows.ts';
import { loadUnfinished, type UnfinishedGroup } from '../sessions/unfinished-runs.ts';
import '../sessions/unfinished-runs.ts';

/** The profiles this build can recompute with: a record names its own by id + version. */
const PROFILES: readonly RegulationProfile[] = [defaultProfile];
const PAGE_SIZE = 200;

/** What is read for a serial number: its record (null: none) and the runs of verifications not finished yet. */
interface Found {
  view: MeterRecordView | null;
  unfinished: UnfinishedGroup[];
  /** other devices' current records of the serial on the server, as last pulled (docs/sync.md "Conflicts") */
  conflict: ConflictNotice | null;
}

/**
 * A meter's full record (#/meters/<serial>), for the verifier who reviews it and the
 * institute that audits it: the verdict, the runs point by point, who and when, profile
 * and software, the superseded records, the raw lines — and the record's integrity,
 * checked on opening and on demand. When another device has current records of the serial
 * on the server too, a notice above says so (docs/sync.md "Conflicts"). A search box
 * (scanner-friendly: a scan ends with Enter) jumps to another serial.
 */
export class MeterView extends LitElement {
  static override properties = {
    serial: { type: String },
    progress: { state: true },
    focusRange: { state: true },
  };
  declare serial: string;
  declare progress: { done: number; total: number } | null;
  declare focusRange: RawLineRange | null;

  /** The meter's record and its unfinished runs (issue 10 item 4), for the serial shown (ui/load.ts). */
  private readonly record = new Task(this, {
    args: () => [this.serial] as const,
    task: async ([serial], { signal }): Promise<Found | typeof initialState> => {
      if (serial === '') return initialState;
      const { db, device } = await appStore();
      const [view, unfinished, pulled] = await Promise.all([meterRecordView(db, serial, { pageSize: PAGE_SIZE }), loadUnfinished(db, serial), pulledConflictOf(serial)]);
      signal.throwIfAborted();
      const ownIds = view === null ? [] : [view.current.id, ...view.superseded.map((s) => s.record.id)];
      return { view, unfinished, conflict: pulled === null ? null : conflictNotice(pulled, device.deviceId, ownIds) };
    },
  });

  /** The record's integrity: checked on opening, and again on "verify again". */
  private readonly integrity = new Task(this, {
    args: () => [this.shownView()] as const,
    task: async ([view], { signal }): Promise<RecordIntegrity | typeof initialState> => {
      if (view === null) return initialState;
      this.progress = null;
      const { db } = await appStore();
      // The runs are rebuilt from the raw text the bench sent (docs/records.md "Per-meter check").
      return checkRecordIntegrity(db, view.current, {
        profiles: PROFILES,
        rebuildRuns: rebuildMeterRuns,
        onProgress: (done, total) => {
          if (!signal.aborted) this.progress = { done, total };
        },
      });
    },
  });

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.serial = '';
    this.progress = null;
    this.focusRange = null;
  }

  /** The record shown, once it is the one of the serial number asked for. */
  private shownView(): MeterRecordView | null {
    return this.record.status === TaskStatus.COMPLETE ? (this.record.value?.view ?? null) : null;
  }

  static override styles = [
    loadStyles,
    css`
    :host { display: flex; flex-direction: column; gap: 1.2rem; }
    .card { background: #fff; border-radius: 12px; padding: 1.2rem 1.6rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    h3 { font-size: 1.2rem; margin: 0 0 0.8rem; }
    form { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; }
    label { font-size: 1.1rem; color: #4a5a6a; }
    input { font: inherit; font-size: 1.2rem; flex: 1; min-width: 16rem; padding: 0.45rem 0.6rem; border: 2px solid #8a97a5; border-radius: 8px; font-family: ui-monospace, monospace; }
    input:focus { outline: 3px solid #ffd24d; border-color: var(--erjian-primary); }
    button { font: inherit; font-size: 1.1rem; padding: 0.45rem 1.2rem; border-radius: 8px; border: 2px solid var(--erjian-primary); background: var(--erjian-primary); color: #fff; cursor: pointer; }
    .message { font-size: 1.3rem; padding: 1rem 0; }
    .message.notfound { color: #8a5300; font-weight: 700; }
    .message.error { color: #b71c1c; font-weight: 700; }
  `,
  ];

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('serial')) this.focusRange = null;
  }

  /** "Verify again": the checks run anew unless they are running. */
  private verify(): void {
    if (this.integrity.status !== TaskStatus.PENDING) void this.integrity.run();
  }

  private readonly loadPage = async (range: RawLineRange, offset: number, limit: number) => rawLinesPage((await appStore()).db, range, offset, limit);

  private onSearch(e: Event): void {
    e.preventDefault();
    const input = this.renderRoot.querySelector('input');
    const serial = input?.value.trim() ?? '';
    if (serial === '') return;
    if (serial === this.serial) void this.record.run();
    else location.hash = hrefOf({ view: 'meter', serial });
  }

  override updated(): void {
    // Ready for the next scan: the box keeps the focus, its text selected to be replaced.
    const input = this.renderRoot.querySelector('input');
    if (input && this.shadowRoot?.activeElement !== input && this.record.status !== TaskStatus.PENDING && document.activeElement === document.body) {
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
    const integrity = this.integrity.status === TaskStatus.COMPLETE ? (this.integrity.value ?? null) : null;
    const problem = integrity?.firstProblem;
    const highlight = problem?.check === 'raw-lines' && problem.deviceId !== undefined && problem.seq !== undefined ? { deviceId: problem.deviceId, seq: problem.seq } : null;
    return html`
      <div class="card"><erjian-meter-header .record=${r} .meterType=${v.meterType} .batch=${v.batch}></erjian-meter-header></div>
      ${this.integrity.status === TaskStatus.ERROR
        ? html`<div class="card">${loadErrorLine(this.integrity.error)}</div>`
        : html`<erjian-record-integrity
            .integrity=${integrity}
            ?checking=${this.integrity.status === TaskStatus.PENDING}
            .progress=${this.progress}
            @verify-again=${() => this.verify()}
          ></erjian-record-integrity>`}
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
    return html`
      ${this.renderSearch()}
      ${renderLoad(
        this.record,
        // Runs of an unfinished verification are not "no record": they are shown, as unfinished.
        ({ view, unfinished, conflict }) => html`
          ${conflict !== null ? html`<erjian-conflict-notice .notice=${conflict}></erjian-conflict-notice>` : ''}
          ${view === null && unfinished.length === 0
            ? html`<div class="card"><p class="message notfound" role="alert" data-testid="meter-not-found">${fill(t('meter.notFound'), { serial: this.serial })}</p></div>`
            : ''}
          ${unfinished.length > 0 ? html`<erjian-unfinished-runs .groups=${unfinished}></erjian-unfinished-runs>` : ''}
          ${view !== null ? this.renderRecord(view) : ''}
        `,
        { loading: t('meter.loading') },
      )}
    `;
  }
}

customElements.define('erjian-meter-record', MeterView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-meter-record': MeterView;
  }
}
