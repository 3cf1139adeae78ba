import { LitElement, css, html, type PropertyValues } from 'lit';
import type { RawLinesPage } from '../../store/meterRecordView.ts';
import type { RawLineRange } from '../../store/recordTypes.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { t } from '../i18n/i18n.ts';
import { fill, timeOfDay } from './meterText.ts';

export type PageLoader = (range: RawLineRange, offset: number, limit: number) => Promise<RawLinesPage>;

/** a run longer than this is shown as its first and last lines: a slow Q1 run streams thousands of FS samples */
const RUN_HEAD_LINES = 12;

/** A page on screen; a long run's page leaves out the middle of its flow samples. */
type ShownPage = RawLinesPage & { gap?: { afterSeq: number; count: number } };

/**
 * The raw bench lines a record cites, as they were received and chained: seq, time of
 * receipt, direction, the text (every byte, latin-1) and the start of the line's hash —
 * what the legal metrology institute audits. Long ranges are read a page at a time; a
 * line the integrity check found broken is brought into view and marked.
 */
export class RawLinesBlock extends LitElement {
  static override properties = {
    pages: { attribute: false },
    loader: { attribute: false },
    pageSize: { type: Number },
    highlight: { attribute: false },
    focusRange: { attribute: false },
  };
  declare pages: ShownPage[];
  declare loader: PageLoader | null;
  declare pageSize: number;
  /** a line to show and mark (the first broken link) */
  declare highlight: { deviceId: string; seq: number } | null;
  /** lines a person asked to see (one run's RUN … RD) */
  declare focusRange: RawLineRange | null;

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
    this.pages = [];
    this.loader = null;
    this.pageSize = 200;
    this.highlight = null;
    this.focusRange = null;
  }

  static override styles = css`
    :host { display: block; }
    .range { margin-bottom: 1rem; }
    .meta { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; color: #4a5a6a; font-size: 0.95rem; margin-bottom: 0.3rem; }
    .scroll { max-height: 26rem; overflow: auto; border: 1px solid #d5dde6; border-radius: 8px; background: #0f1720; }
    table { border-collapse: collapse; width: 100%; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.85rem; color: #e6edf3; }
    th { white-space: nowrap; position: sticky; top: 0; background: #1c2733; color: #9fb0c0; text-align: left; font-weight: 600; padding: 0.3rem 0.6rem; }
    td { padding: 0.12rem 0.6rem; white-space: pre; vertical-align: top; }
    td.seq { text-align: right; color: #9fb0c0; }
    td.text { white-space: pre-wrap; word-break: break-all; }
    tr.out td.text { color: #8cc4ff; }
    td.hash { color: #7f8c99; }
    tr.focus td { background: #16385e; }
    tr.gap td { color: #ffd24d; font-style: italic; padding: 0.3rem 0.6rem; }
    tr.broken td { background: #7f1010; color: #fff; font-weight: 700; }
    button { font: inherit; padding: 0.2rem 0.8rem; border-radius: 6px; border: 1px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); cursor: pointer; }
    button:disabled { opacity: 0.4; cursor: default; }
  `;

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('focusRange') && this.focusRange) void this.showRun(this.focusRange);
    else if (changed.has('highlight') && this.highlight) void this.show(this.highlight, 'tr.broken');
  }

  /**
   * One run's lines, RUN to RD, on one page: all of them, or for a long run its first
   * lines (RUN, ACK, RS, the first flow samples) and its last ones (RE, every MV, RD).
   */
  private async showRun(run: RawLineRange): Promise<void> {
    const i = this.pages.findIndex((p) => p.range.deviceId === run.deviceId && p.range.fromSeq <= run.fromSeq && run.fromSeq <= p.range.toSeq);
    const page = this.pages[i];
    if (page === undefined || !this.loader) return;
    const length = run.toSeq - run.fromSeq + 1;
    const offset = run.fromSeq - page.range.fromSeq;
    if (length <= this.pageSize) {
      await this.go(i, offset, length);
    } else {
      const tailLength = this.pageSize - RUN_HEAD_LINES;
      const head = await this.loader(page.range, offset, RUN_HEAD_LINES);
      const tail = await this.loader(page.range, offset + length - tailLength, tailLength);
      const shown: ShownPage = { ...head, lines: [...head.lines, ...tail.lines], gap: { afterSeq: run.fromSeq + RUN_HEAD_LINES - 1, count: length - this.pageSize } };
      this.pages = this.pages.map((p, k) => (k === i ? shown : p));
    }
    await this.updateComplete;
    this.renderRoot.querySelector('tr.focus')?.scrollIntoView({ block: 'start' });
  }

  /** Loads the page holding a line, when it is in one of the ranges but not on screen, and scrolls to it. */
  private async show(h: { deviceId: string; seq: number }, selector: string): Promise<void> {
    const i = this.pages.findIndex((p) => p.range.deviceId === h.deviceId && p.range.fromSeq <= h.seq && h.seq <= p.range.toSeq);
    const page = this.pages[i];
    if (page === undefined) return;
    const onPage = h.seq >= page.range.fromSeq + page.offset && h.seq < page.range.fromSeq + page.offset + page.lines.length;
    if (!onPage) await this.go(i, Math.floor((h.seq - page.range.fromSeq) / this.pageSize) * this.pageSize);
    await this.updateComplete;
    this.renderRoot.querySelector(selector)?.scrollIntoView({ block: 'center' });
  }

  private async go(index: number, offset: number, limit = this.pageSize): Promise<void> {
    const page = this.pages[index];
    if (!page || !this.loader) return;
    const next = await this.loader(page.range, Math.max(0, offset), limit);
    this.pages = this.pages.map((p, k) => (k === index ? next : p));
  }

  private renderPage(page: ShownPage, index: number) {
    const { range, offset, lines, total, gap } = page;
    const from = range.fromSeq + offset;
    const lastSeq = lines.at(-1)?.seq ?? from - 1;
    const h = this.highlight;
    const f = this.focusRange;
    const cls = (deviceId: string, seq: number) =>
      h && h.deviceId === deviceId && h.seq === seq ? 'broken' : f && f.deviceId === deviceId && f.fromSeq <= seq && seq <= f.toSeq ? 'focus' : '';
    return html`<div class="range">
      <div class="meta">
        <span>${fill(t('meter.rawLinesRange'), { device: range.deviceId.slice(0, 8), from: range.fromSeq, to: range.toSeq, total })}</span>
        ${total > this.pageSize
          ? html`<span>${fill(t('meter.rawLinesShown'), { from, to: lastSeq })}</span>
              <button ?disabled=${offset === 0} @click=${() => this.go(index, offset - this.pageSize)}>${t('meter.rawLinesPrev')}</button>
              <button data-testid="raw-next" ?disabled=${lastSeq >= range.toSeq} @click=${() => this.go(index, lastSeq - range.fromSeq + 1)}>${t('meter.rawLinesNext')}</button>`
          : ''}
      </div>
      <div class="scroll">
        <table>
          <thead>
            <tr><th>${t('meter.col.seq')}</th><th>${t('meter.col.time')}</th><th>${t('meter.col.dir')}</th><th>${t('meter.col.text')}</th><th>${t('meter.col.hash')}</th></tr>
          </thead>
          <tbody>
            ${lines.map(
              (l) => html`${gap && l.seq === gap.afterSeq + gap.count + 1
                  ? html`<tr class="gap"><td></td><td colspan="4">${fill(t('meter.rawLinesGap'), { count: gap.count })}</td></tr>`
                  : ''}<tr class="${l.direction} ${cls(l.deviceId, l.seq)}" data-testid="raw-${l.seq}">
                <td class="seq">${l.seq}</td>
                <td>${timeOfDay(l.receivedAt)}</td>
                <td>${l.direction === 'in' ? '←' : '→'}</td>
                <td class="text">${l.text}</td>
                <td class="hash" title=${l.hash}>${l.hash.slice(0, 12)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </div>`;
  }

  override render() {
    return html`${this.pages.map((p, i) => this.renderPage(p, i))}`;
  }
}

customElements.define('erjian-raw-lines', RawLinesBlock);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-raw-lines': RawLinesBlock;
  }
}
