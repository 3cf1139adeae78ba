/**
 * #/institute — the institute's part of 双随机 sampling (docs/sampling.md "Results"): the
 * samplings drawn, the meters to test, a keyboard-friendly form for the readings per point
 * (Q3, Q2, Q1) with the verdict shown live by the same rules engine as the benches
 * (samplingVerdict), an import box for the `npm run evaluate` format, and the results with
 * who and when. Results are never edited: a correction is a new record with a reason.
 */
import { LitElement, html, nothing } from 'lit';
import { AdminApiError, type SessionView } from '../admin/adminApi.ts';
import { evaluateRun } from '../../domain/evaluateRun.ts';
import { defaultProfile } from '../../domain/profile/defaultProfile.ts';
import type { Meter, Run, TestPoint } from '../../domain/types.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { supervisionCall } from './supervisionCall.ts';
import { civilWhen, pointReasonText, samplingErrorText, refusedLinesText, st } from './samplingMessages.ts';
import { resultsTable } from './samplingParts.ts';
import { samplingStyles } from './samplingStyles.ts';
import { samplingVerdict, type SamplingVerdict } from './samplingVerdict.ts';
import type { PublicSampling, SamplingDetail, SamplingMeterType, SamplingResultView } from './samplingTypes.ts';

const POINTS: readonly TestPoint[] = ['Q3', 'Q2', 'Q1'];
const READINGS = ['lph', 'tw', 'vi', 'ref'] as const;
type Reading = (typeof READINGS)[number];
const METER_FIELDS = ['dn', 'q3', 'r', 'class', 'delta_l'] as const;
type MeterField = (typeof METER_FIELDS)[number];

interface FormState {
  serial: string;
  /** the result corrected, when correcting */
  correctionOf: number | null;
  meter: Record<MeterField, string>;
  runs: Record<TestPoint, Record<Reading, string>>;
  reason: string;
}

function errorText(err: unknown): string {
  if (err instanceof AdminApiError) {
    const base = samplingErrorText(err.reason);
    // The details, never the server's English message: a zh-CN reader sees only Chinese.
    if (err.reason === 'invalid-input') return [base, ...refusedLinesText(err.details)].join('\n');
    if (err.reason === 'not-selected') {
      const serials = (err.details as { serials?: unknown } | null)?.serials;
      return Array.isArray(serials) ? `${base}${serials.join('、')}` : base;
    }
    return base;
  }
  return samplingErrorText(String(err));
}

function num(text: string): number | null {
  const t = text.trim().replace(/，/g, '.');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

function emptyRuns(): FormState['runs'] {
  return { Q3: { lph: '', tw: '', vi: '', ref: '' }, Q2: { lph: '', tw: '', vi: '', ref: '' }, Q1: { lph: '', tw: '', vi: '', ref: '' } };
}

/** The form's meter as the domain's, or null while incomplete. */
function meterOf(f: FormState): Meter | null {
  const m = Object.fromEntries(METER_FIELDS.map((k) => [k, num(f.meter[k])])) as Record<MeterField, number | null>;
  if (Object.values(m).some((v) => v === null || v <= 0)) return null;
  if (m.class !== 1 && m.class !== 2) return null;
  return { dn: m.dn!, q3M3h: m.q3!, r: m.r!, accuracyClass: m.class, deltaL: m.delta_l! };
}

function runOf(point: TestPoint, r: Record<Reading, string>): Run | null {
  const [lph, tw, vi, ref] = READINGS.map((k) => num(r[k]));
  if (lph == null || tw == null || vi == null || ref == null) return null;
  return { point, flowLph: lph, waterTempC: tw, indicatedL: vi, reference: { method: 'volume', volumeL: ref } };
}

/** The form as lines of the `npm run evaluate` input format (what the server stores as received). */
export function formLines(f: FormState): string {
  const meter = { dn: num(f.meter.dn), q3: num(f.meter.q3), r: num(f.meter.r), class: num(f.meter.class), delta_l: num(f.meter.delta_l) };
  return POINTS.map((p) => {
    const r = f.runs[p];
    return JSON.stringify({ id: `${f.serial}/${p}-1`, meter, run: { point: p, lph: num(r.lph), tw: num(r.tw), vi: num(r.vi), ref: { unit: 'L', value: num(r.ref) } } });
  }).join('\n');
}

export class InstituteSamplings extends LitElement {
  static override properties = {
    session: { attribute: false },
    list: { state: true },
    detail: { state: true },
    meterType: { state: true },
    form: { state: true },
    importText: { state: true },
    message: { state: true },
    error: { state: true },
    busy: { state: true },
    at: { state: true },
  };
  declare session: SessionView | null;
  declare list: PublicSampling[] | null;
  declare detail: SamplingDetail | null;
  declare meterType: SamplingMeterType | null;
  declare form: FormState | null;
  declare importText: string;
  declare message: string;
  declare error: string;
  declare busy: boolean;
  /** where the last message or error shows: beside what the user just did */
  declare at: 'top' | 'form' | 'import';

  constructor() {
    super();
    new LocaleController(this);
    this.session = null;
    this.list = null;
    this.detail = null;
    this.meterType = null;
    this.form = null;
    this.importText = '';
    this.message = '';
    this.error = '';
    this.busy = false;
    this.at = 'top';
  }

  static override styles = samplingStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.list = (await supervisionCall<{ samplings: PublicSampling[] }>('/api/samplings')).samplings;
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async act(work: () => Promise<void>, at: 'top' | 'form' | 'import' = 'top'): Promise<void> {
    this.at = at;
    this.busy = true;
    this.error = '';
    this.message = '';
    try {
      await work();
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private async open(id: string): Promise<void> {
    const path = `/api/samplings/${encodeURIComponent(id)}`;
    const [detail, type] = await Promise.all([supervisionCall<SamplingDetail>(path), supervisionCall<{ meterType: SamplingMeterType | null }>(`${path}/meter-type`)]);
    this.detail = detail;
    this.meterType = type.meterType;
    this.form = null;
  }

  private get isInspector(): boolean {
    const me = this.session?.user.username;
    return this.detail?.draw?.inspectors.some((i) => i.id === me) ?? false;
  }

  private startForm(serial: string, correctionOf: number | null): void {
    const t = this.meterType;
    this.form = {
      serial,
      correctionOf,
      meter: { dn: t ? String(t.dn) : '', q3: t ? String(t.q3) : '', r: t ? String(t.r) : '', class: t ? String(t.class) : '', delta_l: t ? String(t.delta_l) : '' },
      runs: emptyRuns(),
      reason: '',
    };
    this.message = '';
    this.error = '';
    void this.updateComplete.then(() => {
      const first = this.renderRoot.querySelector<HTMLInputElement>('[data-testid="smp-form"] input[data-point="Q3"]');
      first?.focus();
      first?.scrollIntoView({ block: 'center' });
    });
  }

  private setMeter(k: MeterField, v: string): void {
    if (this.form) this.form = { ...this.form, meter: { ...this.form.meter, [k]: v } };
  }

  private setRun(p: TestPoint, k: Reading, v: string): void {
    if (this.form) this.form = { ...this.form, runs: { ...this.form.runs, [p]: { ...this.form.runs[p], [k]: v } } };
  }

  private live(f: FormState): { verdict: SamplingVerdict | null; problem: string | null } {
    const meter = meterOf(f);
    const runs = POINTS.map((p) => runOf(p, f.runs[p]));
    if (meter === null || runs.some((r) => r === null)) return { verdict: null, problem: st('smp.inst.fillAll') };
    try {
      return { verdict: samplingVerdict(meter, runs as Run[], defaultProfile), problem: null };
    } catch (err) {
      return { verdict: null, problem: err instanceof Error ? err.message : String(err) };
    }
  }

  private save(e: SubmitEvent): void {
    e.preventDefault();
    const f = this.form;
    const d = this.detail;
    if (!f || !d) return;
    if (this.live(f).verdict === null) {
      this.error = st('smp.inst.fillAll');
      return;
    }
    const body = { source: 'entered', lines: formLines(f), ...(f.correctionOf === null ? {} : { correctionOf: f.correctionOf, correctionReason: f.reason }) };
    void this.act(async () => {
      const r = await supervisionCall<{ results: SamplingResultView[] }>(`/api/samplings/${encodeURIComponent(d.id)}/results`, { body, csrfToken: this.session?.csrfToken });
      const saved = r.results[0];
      await this.open(d.id);
      if (saved) this.message = st('smp.inst.saved', { serial: saved.serial, verdict: st(saved.passed ? 'smp.result.passed' : 'smp.result.failed') });
      this.at = 'top';
    }, 'form');
  }

  private importLines(e: SubmitEvent): void {
    e.preventDefault();
    const d = this.detail;
    if (!d) return;
    void this.act(async () => {
      const r = await supervisionCall<{ results: SamplingResultView[] }>(`/api/samplings/${encodeURIComponent(d.id)}/results`, {
        body: { source: 'imported', lines: this.importText },
        csrfToken: this.session?.csrfToken,
      });
      this.importText = '';
      await this.open(d.id);
      this.message = st('smp.inst.import.saved', { n: r.results.length });
    }, 'import');
  }

  override render() {
    return html`
      <p class="lead">${st('smp.inst.lead')}</p>
      ${this.detail ? nothing : this.feedback('top')}
      ${this.detail ? this.renderDetail(this.detail) : this.renderList()}
    `;
  }

  private feedback(at: 'top' | 'form' | 'import') {
    if (this.at !== at) return nothing;
    return html`${this.error ? html`<p class="error" role="alert" data-testid="smp-error">${this.error}</p>` : nothing}
    ${this.message ? html`<p class="ok" role="status" data-testid="smp-message">${this.message}</p>` : nothing}`;
  }

  private renderList() {
    const list = this.list;
    if (list === null) return html`<p class="muted">${st('smp.loading')}</p>`;
    if (list.length === 0) return html`<p class="muted">${st('smp.inst.empty')}</p>`;
    const me = this.session?.user.username;
    return html`<div class="scroll"><table data-testid="smp-list">
      <thead><tr><th>${st('smp.col.title')}</th><th>${st('smp.col.enterprise')}</th><th>${st('smp.col.batch')}</th><th>${st('smp.inspectors.heading')}</th><th>${st('smp.col.status')}</th><th></th></tr></thead>
      <tbody>
        ${list.map(
          (s) => html`<tr>
            <td>${s.title}<div class="muted mono">${s.id}</div></td>
            <td>${s.enterpriseName}</td>
            <td>${s.draw ? `${s.draw.batchId} · ${s.draw.model}` : '—'}<div class="muted">${s.draw ? st('smp.drawnAt', { at: civilWhen(s.draw.drawnAt) }) : ''}</div></td>
            <td>${s.draw?.inspectors.map((i) => html`<div class=${i.id === me ? 'ok' : ''}>${i.displayName}</div>`)}</td>
            <td>${st(`smp.status.${s.status}`)}${s.conclusion ? html` · <span class="pill ${s.conclusion === 'conforming' ? 'ok' : 'bad'}">${st(`smp.conclusion.${s.conclusion}`)}</span>` : nothing}</td>
            <td><button @click=${() => void this.act(() => this.open(s.id))} data-testid=${`smp-open-${s.id}`}>${st('smp.open')}</button></td>
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  private renderDetail(d: SamplingDetail) {
    const draw = d.draw;
    const open = d.status === 'drawn' && this.isInspector;
    const currentRow = new Map(d.results.filter((r) => r.correctedBy === null).map((r) => [r.serial, r]));
    return html`<section class="card" data-testid="smp-detail">
      <div class="row" style="justify-content: space-between; align-items: center">
        <h3>${d.title} <span class="pill">${st(`smp.status.${d.status}`)}</span></h3>
        <button @click=${() => { this.detail = null; this.form = null; void this.load(); }}>${st('smp.inst.back')}</button>
      </div>
      <p>${d.enterpriseName} · ${draw ? `${draw.batchId} · ${draw.model} · ${st('smp.drawnAt', { at: civilWhen(draw.drawnAt) })}` : ''}</p>
      <p class=${this.isInspector ? 'ok' : 'muted'}>${this.isInspector ? st('smp.inst.youAreInspector') : st('smp.inst.notInspector')}
        ${draw ? html`<span class="muted">（${draw.inspectors.map((i) => i.displayName).join('、')}）</span>` : nothing}</p>
      ${this.feedback('top')}
      <h4>${st('smp.inst.meters.heading')}</h4>
      <div class="scroll"><table data-testid="smp-meters">
        <thead><tr><th>${st('smp.col.rank')}</th><th>${st('smp.col.serial')}</th><th>${st('smp.col.result')}</th><th></th></tr></thead>
        <tbody>
          ${draw?.selection.map((c) => {
            const r = currentRow.get(c.id);
            return html`<tr class=${this.form?.serial === c.id ? 'current' : ''}>
              <td class="num">${c.rank}</td><td><b>${c.id}</b></td>
              <td>${r === undefined ? html`<span class="pill">${st('smp.result.pending')}</span>` : html`<span class="pill ${r.passed ? 'ok' : 'bad'}">${st(r.passed ? 'smp.result.passed' : 'smp.result.failed')}</span>`}</td>
              <td>${open
                ? r === undefined
                  ? html`<button class="primary" @click=${() => this.startForm(c.id, null)} data-testid=${`smp-enter-${c.id}`}>${st('smp.inst.enter')}</button>`
                  : html`<button @click=${() => this.startForm(c.id, r.id)} data-testid=${`smp-correct-${c.id}`}>${st('smp.inst.correct')}</button>`
                : nothing}</td>
            </tr>`;
          })}
        </tbody>
      </table></div>
      ${open && this.form ? this.renderForm(this.form) : nothing}
      ${open ? this.renderImport(draw?.selection[0]?.id ?? 'SERIAL') : nothing}
      <h4>${st('smp.results.heading')}</h4>
      ${resultsTable(d.results)}
    </section>`;
  }

  private renderForm(f: FormState) {
    const { verdict, problem } = this.live(f);
    const meter = meterOf(f);
    const rowEval = (p: TestPoint) => {
      const run = runOf(p, f.runs[p]);
      if (!meter || !run) return null;
      try {
        return evaluateRun(meter, run, defaultProfile);
      } catch {
        return null;
      }
    };
    const meterLabel: Record<MeterField, string> = { dn: st('smp.inst.dn'), q3: st('smp.inst.q3'), r: st('smp.inst.r'), class: st('smp.inst.class'), delta_l: st('smp.inst.deltaL') };
    const readingLabel: Record<Reading, string> = { lph: st('smp.inst.lph'), tw: st('smp.inst.tw'), vi: st('smp.inst.vi'), ref: st('smp.inst.ref') };
    return html`<section class="card" aria-labelledby="form-heading">
      <h4 id="form-heading">${f.correctionOf === null ? st('smp.inst.form.heading', { serial: f.serial }) : st('smp.inst.form.correctHeading', { serial: f.serial, id: f.correctionOf })}</h4>
      <form @submit=${this.save} data-testid="smp-form">
        <fieldset class="row" style="border: none; padding: 0; margin: 0 0 0.6rem">
          <legend style="font-weight: 700">${st('smp.inst.meter')}</legend>
          ${METER_FIELDS.map((k) => html`<label>${meterLabel[k]}<input class="num" inputmode="decimal" name=${k} .value=${f.meter[k]} @input=${(e: Event) => this.setMeter(k, (e.target as HTMLInputElement).value)} /></label>`)}
        </fieldset>
        <table>
          <thead><tr><th>${st('smp.inst.point')}</th>${READINGS.map((k) => html`<th>${readingLabel[k]}</th>`)}<th>${st('smp.inst.error')}</th></tr></thead>
          <tbody>
            ${POINTS.map((p) => {
              const e = rowEval(p);
              return html`<tr>
                <th>${p}</th>
                ${READINGS.map(
                  (k) => html`<td><input class="num" inputmode="decimal" data-point=${p} name=${`${p}-${k}`} aria-label=${`${p} ${readingLabel[k]}`} .value=${f.runs[p][k]}
                    @input=${(ev: Event) => this.setRun(p, k, (ev.target as HTMLInputElement).value)} /></td>`,
                )}
                <td class="num" data-testid=${`smp-live-${p}`}>${e
                  ? html`<span class=${e.pass ? 'ok' : 'bad'}>${e.errorPct >= 0 ? '+' : ''}${e.errorPct.toFixed(2)}%</span> <span class="muted">${st('smp.inst.mpe', { mpe: e.mpePct })}</span>`
                  : '—'}</td>
              </tr>`;
            })}
          </tbody>
        </table>
        <div aria-live="polite" data-testid="smp-live">
          ${verdict
            ? html`<p class=${verdict.passed ? 'ok' : 'bad'} style="font-size: 1.2rem">${st(verdict.passed ? 'smp.inst.live.passed' : 'smp.inst.live.failed')}</p>
                ${verdict.reasons.map((r) => html`<div class="bad">${st('smp.inst.live.reason', { point: r.point ?? '', reason: pointReasonText(r.code) })}</div>`)}`
            : html`<p class="muted">${problem}</p>`}
        </div>
        ${f.correctionOf !== null
          ? html`<label>${st('smp.inst.reason')}<input name="reason" size="50" required .value=${f.reason} @input=${(e: Event) => this.form && (this.form = { ...this.form, reason: (e.target as HTMLInputElement).value })} /></label>`
          : nothing}
        ${this.feedback('form')}
        <div class="row" style="margin-top: 0.6rem">
          <button class="primary" type="submit" ?disabled=${this.busy || verdict === null} data-testid="smp-save">${st('smp.inst.save')}</button>
          <button type="button" @click=${() => (this.form = null)}>${st('smp.inst.cancel')}</button>
        </div>
      </form>
    </section>`;
  }

  private renderImport(exampleSerial: string) {
    return html`<section class="card">
      <h4>${st('smp.inst.import.heading')}</h4>
      <p class="muted">${st('smp.inst.import.hint', { example: `${exampleSerial}/Q3-1` })}</p>
      <form @submit=${this.importLines} data-testid="smp-import">
        <textarea rows="5" name="lines" aria-label=${st('smp.inst.import.heading')} .value=${this.importText} @input=${(e: Event) => (this.importText = (e.target as HTMLTextAreaElement).value)}></textarea>
        ${this.feedback('import')}
        <button class="primary" type="submit" ?disabled=${this.busy || this.importText.trim() === ''} data-testid="smp-import-submit">${st('smp.inst.import.submit')}</button>
      </form>
    </section>`;
  }
}

customElements.define('erjian-institute-samplings', InstituteSamplings);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-institute-samplings': InstituteSamplings;
  }
}
