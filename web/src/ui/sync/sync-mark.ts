import { LitElement, css, html } from 'lit';
import type { ItemSyncStatus } from '../../store/syncTypes.ts';
import type { PushKind } from '../../sync/protocol.ts';
import { LocaleController } from '../i18n/localeController.ts';
import { rejectText, syncText } from './messages.ts';
import { onSyncView, statusOf } from './syncService.ts';

/**
 * A record's sync mark (issue 12 item 4): 本地 (only on this PC), 已同步 (the server
 * re-verified and holds it) or 已拒绝 with the reason in the person's language. Reads its
 * status again after every sync.
 *
 * @attr kind - the push kind (`record` for verifications and certificates)
 * @attr item - the record's id
 * @attr compact - in a table row: the reason in small type under the mark
 */
export class SyncMark extends LitElement {
  static override properties = { kind: {}, item: {}, compact: { type: Boolean }, status: { state: true }, loaded: { state: true } };
  declare kind: PushKind;
  /** in a table: the 已拒绝 pill with the reason in small type under it */
  declare compact: boolean;
  declare item: string;
  declare status: ItemSyncStatus | null;
  declare loaded: boolean;
  private off: (() => void) | undefined;
  private generation = -1;

  constructor() {
    super();
    new LocaleController(this);
    this.kind = 'record';
    this.item = '';
    this.compact = false;
    this.status = null;
    this.loaded = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.off = onSyncView((v) => {
      if (v.generation !== this.generation) {
        this.generation = v.generation;
        void this.load();
      }
    });
  }

  override disconnectedCallback(): void {
    this.off?.();
    super.disconnectedCallback();
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('item') || changed.has('kind')) void this.load();
  }

  private async load(): Promise<void> {
    if (!this.item) return;
    const item = this.item;
    try {
      const s = await statusOf(this.kind, item);
      if (item !== this.item) return;
      this.status = s;
      this.loaded = true;
    } catch (err) {
      console.error('sync status could not be read', err);
    }
  }

  static override styles = css`
    :host { display: inline-block; }
    span { display: inline-block; padding: 0.05rem 0.55rem; border-radius: 999px; font-size: 0.9em; font-weight: 600; white-space: nowrap; border: 1.5px solid currentColor; }
    .local { color: var(--erjian-muted); }
    .synced { color: var(--erjian-ok); }
    .rejected { color: var(--erjian-danger); white-space: normal; }
    .why { display: block; color: var(--erjian-danger); font-size: 0.8em; line-height: 1.3; max-width: 16em; margin-top: 0.15rem; }
  `;

  override render() {
    if (!this.loaded) return html``;
    const s = this.status;
    if (s === null) return html`<span class="local" data-testid="sync-mark" data-status="local" title=${syncText('mark.localTitle')}>${syncText('mark.local')}</span>`;
    if (s.status === 'synced') return html`<span class="synced" data-testid="sync-mark" data-status="synced" title=${syncText('mark.syncedTitle')}>${syncText('mark.synced')}</span>`;
    const why = s.reason ? rejectText(s.reason) : (s.message ?? '');
    if (this.compact) {
      return html`<span class="rejected" data-testid="sync-mark" data-status="rejected" data-reason=${s.reason ?? ''} title=${why}>${syncText('mark.rejected')}</span><small class="why">${why}</small>`;
    }
    return html`<span class="rejected" data-testid="sync-mark" data-status="rejected" data-reason=${s.reason ?? ''} title=${why}>${syncText('mark.rejectedWith', { why })}</span>`;
  }
}

customElements.define('erjian-sync-mark', SyncMark);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-sync-mark': SyncMark;
  }
}
