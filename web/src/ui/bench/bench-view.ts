import { LitElement, css, html, nothing } from 'lit';
import { civilDateTime, defaultProfile, normaliseOperatorName, type MountProblem, type SessionStartRefusal } from '../../domain/index.ts';
import { activeBenchConfig, type StoredBenchConfig } from '../../store/index.ts';
import type { ReadingRequest } from '../../bench/orchestrated/types.ts';
import { appStore } from '../appStore.ts';
import { fill } from '../certificate/certificateText.ts';
import { errorText } from '../i18n/errorText.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { BenchController, type BenchState } from './benchController.ts';
import { checkMount, connectNotices, connectRefusals, type ConnectNotices } from './benchChecks.ts';
import { connectRefusalText, mountProblemText, startBlockersText } from './benchGuideText.ts';
import { demoMeterTypes } from './demoMeterTypes.ts';
import './standing-notice.ts';
import { startBlockers } from './startBlockers.ts';
import type { ReverifyQuestion } from './reverify-dialog.ts';
import { logText } from './benchLog.ts';
import './position-card.ts';
import './reverify-dialog.ts';
import '../sessions/interrupted-notice.ts';
import './tightness-result.ts';
import './demo-faults.ts';
import { PortNotChosenError } from './port-prompt.ts';
import './reading-sheet.ts';
import { benchSources, isBenchSource, type BenchSource } from './benchSources.ts';
import { demoParams, rememberOperator, rememberedOperator, todayBatchId } from './connectForm.ts';

type Notice = { key: 'guide.notice.checksAll' | 'guide.notice.noLeakAll'; count: number };

/**
 * The operator's screen: connect the bench (a WMB/1 bench, this PC's configured PLC bench
 * with its balance, or a demo one: ./benchSources.ts), mount meters by scanning their
 * serial numbers, record the checks and the tightness test, run Q3 → Q2 → Q1 — typing the
 * registers' readings when the meters are read by eye (./reading-sheet.ts) — and read
 * each position's errors and verdict live from two metres away.
 * It refuses, with the reason in words, what would store a wrong record: no operator's
 * name, a batch of another meter type, a bad or duplicate serial number, a start before
 * every item is recorded (docs/rules.md R-IDENT, R-ITEMS). Before connecting it warns, in
 * big words, when the penalty ladder stands against the chosen model or the enterprise, and
 * connects only once the operator has acknowledged it (docs/penalties.md "At the bench"): a
 * warning, not a refusal — the data is the enterprise's own. The controls stay on screen;
 * ten positions fit a 1366 × 768 screen, more scroll beneath the controls.
 */
export class BenchView extends LitElement {
  static override properties = {
    bench: { state: true },
    refusals: { state: true },
    standing: { state: true },
    acknowledged: { state: true },
    scanRefusal: { state: true },
    question: { state: true },
    notice: { state: true },
    reading: { state: true },
    configured: { state: true },
  };
  declare bench: BenchState;
  declare refusals: SessionStartRefusal[];
  declare standing: ConnectNotices;
  /** the operator ticked 我已知晓 for exactly the notices shown */
  declare acknowledged: boolean;
  declare scanRefusal: { pos: number; text: string; problem: MountProblem } | null;
  declare question: ReverifyQuestion | null;
  declare notice: Notice | null;
  /** the readings the bench waits for (visual reading) */
  declare reading: ReadingRequest | null;
  /** this PC's active bench configuration (#/settings/bench), when one is chosen */
  declare configured: StoredBenchConfig | null;
  readonly controller = new BenchController();
  private source: BenchSource = 'demo';
  private meterModel = demoMeterTypes[0]!.model;
  private batchId = '';
  private operator = '';
  private formCheck = 0;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.bench = this.controller.state;
    this.refusals = [];
    this.standing = { notices: [], syncedOn: null };
    this.acknowledged = false;
    this.scanRefusal = null;
    this.question = null;
    this.notice = null;
    this.reading = null;
    this.configured = null;
    this.controller.addEventListener('change', () => {
      this.bench = this.controller.state;
      this.reading = this.controller.reading;
    });
    // A PLC bench's two ports are chosen one after the other, each named first (./port-prompt.ts).
    this.controller.choosePort = (role) => {
      const prompt = this.renderRoot.querySelector('erjian-port-prompt');
      return prompt === null ? Promise.reject(new PortNotChosenError(role)) : prompt.ask(role);
    };
    this.operator = rememberedOperator();
    this.batchId = todayBatchId(this.meterModel, this.controller.now());
    void this.checkForm();
  }

  /** The demo PLC bench's meters, as a person would read their registers (demo only). */
  private demoDial(): ((pos: number) => number) | null {
    const demo = this.controller.demoPlc;
    return demo === null ? null : (pos) => demo.model.indicatedL(pos);
  }

  private get meterType() {
    return demoMeterTypes.find((m) => m.model === this.meterModel)!;
  }

  /** The connect form's refusals and the ladder's notices, as the fields change; only the newest answer is shown. */
  private async checkForm(): Promise<void> {
    const ask = ++this.formCheck;
    try {
      const store = await appStore();
      const [refusals, standing] = await Promise.all([
        connectRefusals(store, { operator: this.operator, batchId: this.batchId, meterTypeModel: this.meterModel }),
        connectNotices(store, this.meterModel),
      ]);
      if (ask !== this.formCheck) return;
      this.configured = await activeBenchConfig(store.db).catch(() => null);
      this.refusals = refusals;
      // An acknowledgement holds for the notices it was given to: another model's are read afresh.
      if (JSON.stringify(standing.notices) !== JSON.stringify(this.standing.notices)) this.acknowledged = false;
      this.standing = standing;
    } catch {
      // The database could not be read: connect() says why when the operator presses it.
    }
  }

  /** The bench chosen, with the demo's speed and positions from `#/bench?speed=…&positions=…`. */
  private sourceRequest() {
    return { source: this.source, ...(this.source === 'configured' && this.configured !== null ? { config: this.configured.config } : {}), ...demoParams(location.hash) };
  }

  /** 继续此检定 on the bench page's notice: the interrupted session, on this bench (issue 10 item 4). */
  private readonly onResume = async (e: CustomEvent<{ sessionId: string }>): Promise<void> => {
    await this.controller.resume({ sessionId: e.detail.sessionId, operator: this.operator, ...this.sourceRequest() });
  };

  /** Notices are shown that the operator has not acknowledged yet. */
  private get awaitsAcknowledgement(): boolean {
    return this.standing.notices.length > 0 && !this.acknowledged;
  }

  private async connect(): Promise<void> {
    if (this.awaitsAcknowledgement) return;
    this.refusals = await this.controller.connect({
      ...this.sourceRequest(),
      meterType: this.meterType,
      batchId: this.batchId.trim(),
      operator: this.operator,
      // what the operator acknowledged goes into the session's audit entry: who knew what, when
      ...(this.standing.notices.length > 0 ? { acknowledgedNotices: this.standing.notices } : {}),
    });
    if (this.bench.identity === null) return;
    rememberOperator(this.operator);
    this.scanRefusal = null;
    this.notice = null;
    await this.updateComplete;
    this.focusNextScan(0);
  }

  private row(pos: number): HTMLElement | null {
    return this.renderRoot.querySelector(`erjian-position[data-pos="${pos}"]`);
  }

  private scanInput(pos: number): HTMLInputElement | null {
    return this.row(pos)?.shadowRoot?.querySelector('input') ?? null;
  }

  /** After a scan, the cursor moves to the next empty position, kept in view below the controls: scan, scan, scan… */
  private focusNextScan(afterPos: number): void {
    const next = this.bench.positions.find((p) => p.pos > afterPos && p.serial === null);
    if (next === undefined) return;
    this.scanInput(next.pos)?.focus({ preventScroll: true });
    this.keepInView(next.pos);
  }

  private keepInView(pos: number): void {
    const row = this.row(pos);
    if (row === null) return;
    const below = this.renderRoot.querySelector('.top')?.getBoundingClientRect().bottom ?? 0;
    const r = row.getBoundingClientRect();
    if (r.top < below) window.scrollBy({ top: r.top - below - 4 });
    else if (r.bottom > window.innerHeight) window.scrollBy({ top: r.bottom - window.innerHeight + 4 });
  }

  private async onMount(e: CustomEvent<{ pos: number; text: string }>): Promise<void> {
    const { pos, text } = e.detail;
    const mounted = new Map(this.bench.positions.flatMap((p) => (p.serial === null ? [] : [[p.pos, p.serial] as const])));
    const decision = await checkMount(await appStore(), { text, pos, meterType: this.bench.meterType ?? this.meterType, batchId: this.bench.batchId ?? '', mounted });
    if (decision.kind === 'refuse') {
      this.scanRefusal = { pos, text, problem: decision.problem };
      // The wrong code stays in the field, selected: the next scan replaces it.
      this.scanInput(pos)?.select();
      return;
    }
    this.scanRefusal = null;
    if (decision.kind === 're-verification') {
      this.question = { pos, serial: decision.serial, current: decision.current };
      return;
    }
    this.notice = null;
    await this.controller.mount(pos, decision.serial);
    await this.updateComplete;
    this.focusNextScan(pos);
  }

  private async onReverify(e: CustomEvent<{ pos: number; serial: string; supersedes: string; reason: string }>): Promise<void> {
    const { pos, serial, supersedes, reason } = e.detail;
    this.question = null;
    await this.controller.mount(pos, serial, { supersedes, reason });
    await this.updateComplete;
    this.focusNextScan(pos);
  }

  private async onReverifyCancel(): Promise<void> {
    const pos = this.question?.pos;
    this.question = null;
    await this.updateComplete;
    if (pos !== undefined) {
      const input = this.scanInput(pos);
      input?.focus();
      input?.select();
    }
  }

  /** Records 合格 for every mounted meter's external and function items not yet recorded: a ✕ already chosen stays. */
  private allChecksOk(): void {
    let count = 0;
    for (const p of this.bench.positions) {
      if (p.serial === null || (p.externalOk !== null && p.functionOk !== null)) continue;
      this.controller.recordChecks(p.pos, { ...(p.externalOk === null ? { external: true } : {}), ...(p.functionOk === null ? { function: true } : {}) });
      count++;
    }
    this.notice = { key: 'guide.notice.checksAll', count };
  }

  /** Confirms no leak and no damage for every mounted meter not yet confirmed: a 泄漏 / 损坏 already chosen stays. */
  private allNoLeak(): void {
    let count = 0;
    for (const p of this.bench.positions) {
      if (p.serial === null || p.leak !== null) continue;
      this.controller.confirmTightness(p.pos, { leak: false, damage: false });
      count++;
    }
    this.notice = { key: 'guide.notice.noLeakAll', count };
  }

  private copyTrace(): void {
    void navigator.clipboard?.writeText(this.controller.trace.format());
  }

  static override styles = css`
    :host {
      display: block;
      --bench-cols: 3rem minmax(12rem, 1fr) 5.6rem 5.6rem 11.4rem 7.6rem 7.6rem 7.6rem 8.2rem minmax(9rem, 1.6fr);
      --bench-gap: 0.5rem;
      --bench-row-h: 44px;
    }
    :host([hidden]) { display: none; }
    .panel { background: #fff; border-radius: 12px; padding: 1.2rem 1.5rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); margin-bottom: 1rem; }
    .connect { max-width: 1280px; margin: 1rem auto; }
    /* Wide enough for the longest source and meter-type names whole, the button on the same line. */
    .form { display: grid; grid-template-columns: minmax(17rem, 1.3fr) minmax(17rem, 1.3fr) minmax(12rem, 1fr) minmax(10rem, 1fr) auto; gap: 1rem; align-items: end; }
    /* A bench configuration's name is the integrator's, of any length: its choice gets a row of its own. */
    .form label.source { grid-column: 1 / -1; max-width: 48rem; }
    @media (max-width: 1200px) { .form { grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); } }
    label { display: flex; flex-direction: column; gap: 0.3rem; color: #4a5a6a; }
    select, input, button { font: inherit; font-size: 1.1rem; padding: 0.5rem 0.8rem; border-radius: 8px; border: 2px solid #8a97a5; }
    button { background: var(--erjian-primary); color: #fff; border-color: var(--erjian-primary); cursor: pointer; font-weight: 700; white-space: nowrap; }
    button.secondary { background: #fff; color: var(--erjian-primary); }
    button.danger { background: #b71c1c; border-color: #b71c1c; }
    button[disabled] { opacity: 0.45; cursor: not-allowed; }
    button:focus-visible, select:focus-visible, input:focus-visible { outline: 3px solid #ffd24d; }
    .refusal { margin: 1rem 0 0; color: #b71c1c; font-weight: 700; font-size: 1.1rem; }
    .refusal ul { margin: 0.3rem 0 0; padding-left: 1.4rem; }
    .refusal li { margin: 0.2rem 0; }
    .refusal button { margin-left: 0.6rem; font-size: 1rem; padding: 0.3rem 0.8rem; }

    .top { position: sticky; top: 0; z-index: 3; background: #f4f6f9; padding-top: 0.4rem; }
    .top .panel { padding: 0.5rem 1rem; margin-bottom: 0.4rem; }
    .status { display: flex; align-items: center; gap: 1.6rem; min-height: 2.7rem; }
    .phase { font-size: 1.6rem; font-weight: 800; min-width: 7.5rem; white-space: nowrap; }
    .lv { display: flex; flex-direction: column; line-height: 1.1; white-space: nowrap; }
    .lv .k { color: #4a5a6a; font-size: 0.8rem; }
    .lv b { font-size: 1.65rem; font-variant-numeric: tabular-nums; min-width: 3.2ch; }
    .lv small { font-size: 0.8rem; color: #4a5a6a; font-weight: 400; }
    .meta { margin-left: auto; text-align: right; color: #4a5a6a; font-size: 0.85rem; line-height: 1.35; white-space: nowrap; }
    .meta b { color: #15202b; }
    .actions { display: flex; gap: 0.6rem; flex-wrap: wrap; margin: 0.4rem 0; }
    .actions button { font-size: 1.05rem; padding: 0.35rem 0.9rem; }
    .msgs { min-height: 4.2rem; font-size: 1.05rem; line-height: 1.35; }
    .msgs p { margin: 0; }
    .error, .lost { color: #b71c1c; font-weight: 700; }
    .guide { display: flex; flex-wrap: wrap; gap: 0 1.2rem; }
    .notice { color: #1b6e20; font-weight: 700; }
    .blockers { color: #8a5300; font-weight: 700; }
    .ready { color: #1b6e20; font-weight: 700; }
    .head { display: grid; grid-template-columns: var(--bench-cols); column-gap: var(--bench-gap); align-items: end; padding: 0.2rem 0.5rem 0.25rem calc(0.5rem + 6px); color: #4a5a6a; font-size: 0.9rem; white-space: nowrap; }
    .head .num { text-align: right; }
    .head .v { padding-left: 0.4rem; }
    .head .now { color: var(--erjian-primary); font-weight: 800; }
    .rows { border-top: 1px solid #d5dde6; border-radius: 4px; overflow: hidden; }
    details { margin-top: 1rem; }
    .log { font-family: ui-monospace, monospace; font-size: 0.85rem; max-height: 12rem; overflow: auto; }
    .log .warn { color: #8a5300; }
    .log .error { color: #b71c1c; }
  `;

  private renderConnect() {
    const connecting = this.bench.phase === 'connecting';
    const onField = (set: (v: string) => void) => (e: Event) => {
      set((e.target as HTMLInputElement).value);
      void this.checkForm();
    };
    return html`<erjian-interrupted-notice @resume=${this.onResume}></erjian-interrupted-notice>
      <div class="panel connect">
      <h2>${t('bench.heading')}</h2>
      <div class="form">
        <label class="source">${t('bench.source')}
          <select data-testid="bench-source" @change=${(e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            if (isBenchSource(v)) this.source = v;
          }}>
            ${benchSources.map((s) =>
              s !== 'configured'
                ? html`<option value=${s} ?selected=${this.source === s}>${t(`bench.source.${s}`)}</option>`
                : this.configured === null
                  ? nothing
                  : html`<option value=${s} ?selected=${this.source === s}>${fill(t('bench.source.configured'), { name: this.configured.config.name })}</option>`,
            )}
          </select>
        </label>
        <label>${t('bench.meterType')}
          <select data-testid="bench-meter-type" @change=${(e: Event) => {
            this.meterModel = (e.target as HTMLSelectElement).value;
            this.batchId = todayBatchId(this.meterModel, this.controller.now());
            this.requestUpdate();
            void this.checkForm();
          }}>
            ${demoMeterTypes.map((m) => html`<option value=${m.model} ?selected=${m.model === this.meterModel}>${m.model} · DN${m.dn} · Q3 ${m.q3M3h} · R${m.r}</option>`)}
          </select>
        </label>
        <label>${t('bench.batch')}<input data-testid="bench-batch" .value=${this.batchId} @input=${onField((v) => (this.batchId = v))} /></label>
        <label>${t('bench.operator')}<input data-testid="bench-operator" required autocomplete="name" placeholder=${t('guide.operatorPlaceholder')} .value=${this.operator} @input=${onField((v) => (this.operator = v))} /></label>
        <button data-testid="bench-connect" ?disabled=${connecting || this.refusals.length > 0 || this.awaitsAcknowledgement} @click=${this.connect}>${connecting ? t('bench.connecting') : t('bench.connect')}</button>
      </div>
      <erjian-standing-notice
        .notices=${this.standing.notices}
        .syncedOn=${this.standing.syncedOn}
        ?acknowledged=${this.acknowledged}
        @acknowledge=${(e: CustomEvent<{ acknowledged: boolean }>) => (this.acknowledged = e.detail.acknowledged)}
      ></erjian-standing-notice>
      ${this.refusals.length > 0
        ? html`<div class="refusal" role="alert" data-testid="bench-connect-refusal">
            ${t('guide.cannotConnect')}
            <ul>
              ${this.refusals.map(
                (r) => html`<li data-code=${r.code}>
                  ${connectRefusalText(r)}
                  ${r.code === 'batch-of-another-type' && demoMeterTypes.some((m) => m.model === r.batchModel)
                    ? html`<button class="secondary" data-testid="bench-use-batch-model" @click=${() => this.useModel(r.batchModel)}>${fill(t('guide.useBatchModel'), { model: r.batchModel })}</button>`
                    : nothing}
                </li>`,
              )}
            </ul>
          </div>`
        : nothing}
      ${this.bench.error ? html`<p class="error" role="alert" data-testid="bench-error">${errorText(this.bench.error)}</p>` : nothing}
    </div>`;
  }

  /** The batch's own meter type, keeping the batch number the operator typed. */
  private useModel(model: string): void {
    this.meterModel = model;
    this.requestUpdate();
    void this.checkForm();
  }

  private renderStatus() {
    const b = this.bench;
    const id = b.identity!;
    const l = b.live;
    const num = (v: number | null, d: number) => (v === null ? '—' : v.toFixed(d));
    return html`<div class="status">
      <span class="phase" data-testid="bench-phase" data-phase=${b.phase}>${t(`bench.phase.${b.phase}`)}</span>
      <span class="lv" aria-live="polite"><span class="k">${t('bench.live.point')}</span><b data-testid="live-point">${l.point ?? '—'}</b></span>
      <span class="lv"><span class="k">${t('bench.live.flow')}${l.targetLph !== null ? ` · ${t('bench.live.target')} ${l.targetLph.toFixed(1)}` : ''}</span><b>${num(l.lph, 1)} <small>L/h</small></b></span>
      <span class="lv"><span class="k">${t('bench.live.water')}</span><b>${num(l.waterC, 1)} <small>°C</small></b></span>
      <span class="lv"><span class="k">${t('bench.live.pressure')}</span><b>${num(l.kpa, 0)} <small>kPa</small></b></span>
      <div class="meta" data-testid="bench-session-meta">
        <b>${b.meterType?.model}</b> · ${fill(t('guide.meta.batch'), { batch: b.batchId ?? '' })} · <b>${fill(t('guide.meta.operator'), { name: normaliseOperatorName(this.operator) })}</b><br />
        ${t('bench.identity')} ${id.vendor ?? ''} ${id.model ?? ''} · ${id.sn} · ${id.method ? t(`bench.method.${id.method}`) : '—'} · ${t('bench.uncertainty')} ${id.uRelPct ?? '—'} %
      </div>
    </div>`;
  }

  private renderGuide() {
    const b = this.bench;
    if (b.phase !== 'ready') return nothing;
    const blockers = startBlockers(b);
    return html`<p class="guide">
      ${this.notice ? html`<span class="notice" data-testid="bench-notice" role="status">✓ ${fill(t(this.notice.key), { count: this.notice.count })}</span>` : nothing}
      ${blockers.length > 0
        ? html`<span class="blockers" data-testid="bench-start-blockers">${startBlockersText(blockers)}</span>`
        : html`<span class="ready" data-testid="bench-start-ready">${t('guide.readyToStart')}</span>`}
    </p>`;
  }

  private renderSession() {
    const b = this.bench;
    const mounted = b.positions.filter((p) => p.serial !== null);
    const ready = b.phase === 'ready';
    const busy = b.phase === 'running' || b.phase === 'tightness';
    // Leak / damage can be confirmed only on a valid tightness test (docs/rules.md R-TIGHT).
    const tightValid = b.tightness?.valid === true;
    const canStart = ready && startBlockers(b).length === 0;
    const faultCount = Object.values(b.faults).reduce((a, c) => a + c, 0);
    const refusal = this.scanRefusal;
    return html`
      <div class="top">
        <div class="panel">
          ${this.renderStatus()}
          <div class="actions">
            <button class="secondary" data-testid="bench-checks-ok" ?disabled=${!ready || mounted.length === 0} @click=${this.allChecksOk}>${t('bench.checksAllOk')}</button>
            <button class="secondary" data-testid="bench-tightness" ?disabled=${!ready || mounted.length === 0} @click=${() => ((this.notice = null), this.controller.tightness())}>${t('bench.tightness')}</button>
            <button class="secondary" data-testid="bench-no-leak" ?disabled=${!ready || mounted.length === 0 || !tightValid} @click=${this.allNoLeak}>${t('bench.tightnessAllOk')}</button>
            <button data-testid="bench-run" ?disabled=${!canStart} @click=${() => ((this.notice = null), this.controller.runAll())}>${t('bench.runAll')}</button>
            <button class="danger" data-testid="bench-abort" ?disabled=${!busy} @click=${() => this.controller.abort()}>${t('bench.abort')}</button>
            ${b.phase === 'lost'
              ? html`<button data-testid="bench-reconnect" @click=${() => this.controller.reconnect()}>${t('bench.reconnectButton')}</button>`
              : nothing}
            ${b.phase === 'paused' ? html`<button data-testid="bench-continue" @click=${() => this.controller.continueRun()}>${t('bench.continue')}</button>` : nothing}
            <button class="secondary" data-testid="bench-disconnect" @click=${() => this.controller.disconnect()}>${t('bench.disconnect')}</button>
          </div>
          <div class="msgs">
            ${b.phase === 'lost' ? html`<p class="lost" role="alert">${t('bench.reconnect')}</p>` : nothing}
            ${b.phase === 'paused' ? html`<p class="lost" role="alert" data-testid="bench-paused">${t('bench.paused')}</p>` : nothing}
            ${b.error ? html`<p class="error" role="alert" data-testid="bench-error">${errorText(b.error)}</p>` : nothing}
            ${refusal ? html`<p class="error" role="alert" data-testid="bench-scan-refusal">${mountProblemText(refusal.pos, refusal.text, refusal.problem, b.meterType?.model ?? '')}</p>` : nothing}
            <erjian-tightness-result .result=${b.tightness}></erjian-tightness-result>
            ${this.renderGuide()}
          </div>
        </div>
        <div class="head" aria-hidden="true">
          <span>${t('guide.col.pos')}</span><span>${t('guide.col.serial')}</span><span>${t('bench.external')}</span><span>${t('bench.function')}</span>
          <span>${t('guide.col.tightness')}</span>
          ${(['Q3', 'Q2', 'Q1'] as const).map((pt) => html`<span class="num ${b.live.point === pt ? 'now' : ''}">${pt}</span>`)}
          <span class="v">${t('guide.col.verdict')}</span><span>${t('guide.col.reason')}</span>
        </div>
      </div>
      <div
        class="rows"
        @mount=${this.onMount}
        @checks=${(e: CustomEvent<{ pos: number; ok: { external?: boolean; function?: boolean } }>) => this.controller.recordChecks(e.detail.pos, e.detail.ok)}
        @tightness=${(e: CustomEvent<{ pos: number; leak: boolean; damage: boolean }>) => this.controller.confirmTightness(e.detail.pos, { leak: e.detail.leak, damage: e.detail.damage })}
      >
        ${b.positions.map(
          (p) => html`<erjian-position
            data-pos=${p.pos}
            .position=${p}
            ?canMount=${ready}
            ?canRecord=${ready}
            ?canConfirmLeak=${ready && tightValid}
            ?scanRefused=${refusal?.pos === p.pos}
          ></erjian-position>`,
        )}
      </div>
      <erjian-reverify-dialog .question=${this.question} @reverify=${this.onReverify} @reverify-cancel=${this.onReverifyCancel}></erjian-reverify-dialog>
      <erjian-demo-faults .controller=${this.controller}></erjian-demo-faults>
      <erjian-reading-sheet
        ?hidden=${this.reading === null}
        .request=${this.reading}
        .dial=${this.demoDial()}
        @reading-done=${(e: CustomEvent<ReadingRequest>) => this.controller.readingOver(e.detail)}
        @reading-abort=${() => this.controller.abort()}
      ></erjian-reading-sheet>
      <details>
        <summary>${t('bench.log')} · ${t('bench.faults')}: <span data-testid="bench-faults">${faultCount}</span></summary>
        <button class="secondary" @click=${this.copyTrace}>${t('bench.copyTrace')}</button>
        <div class="log" data-testid="bench-log">${b.log.map((l) => html`<div class=${l.level}>${civilDateTime(l.at, defaultProfile.timeZone.value).time} ${logText(l)}</div>`)}</div>
      </details>
    `;
  }

  override render() {
    return html`${this.bench.identity === null ? this.renderConnect() : this.renderSession()}<erjian-port-prompt></erjian-port-prompt>`;
  }
}

customElements.define('erjian-bench', BenchView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-bench': BenchView;
  }
}
