import { LitElement, css, html } from 'lit';
import { LocaleController } from './i18n/localeController.ts';
import { t } from './i18n/i18n.ts';
import { appStore } from './appStore.ts';
import { readStorageStatus } from './storageStatus.ts';
import { Task, loadStyles, renderLoad } from './load.ts';
import { hrefOf } from './route.ts';

interface HomeFacts {
  batches: number;
  verifications: number;
  /** records written but not yet acknowledged by the sync server (docs/architecture.md flow 4) */
  unsynced: number;
  interruptedSessions: number;
  persisted: boolean | null;
}

/**
 * The start screen of the bench PC: the two things an operator does (verify on the bench,
 * review batches) as big targets, and the facts that need attention before work starts —
 * records not yet synced, sessions a crash interrupted, storage not persistent.
 */
export class HomeView extends LitElement {
  /** Read afresh each time the start screen is shown (ui/load.ts); the tiles work whatever it says. */
  private readonly facts = new Task(this, {
    autoRun: false,
    task: async (): Promise<HomeFacts> => {
      const { db } = await appStore();
      const [batches, verifications, unsynced, interruptedSessions, storage] = await Promise.all([
        db.batches.count(),
        db.verifications.count(),
        db.outbox.count(),
        db.sessions.where('state').equals('interrupted').count(),
        readStorageStatus(),
      ]);
      return { batches, verifications, unsynced, interruptedSessions, persisted: storage.persisted };
    },
  });

  constructor() {
    super();
    new LocaleController(this); // re-renders on a language switch
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.facts.run();
  }

  static override styles = [loadStyles, css`
    :host { display: block; }
    .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 1.2rem; }
    a.tile { display: block; text-decoration: none; color: #fff; background: var(--erjian-primary); border-radius: 14px; padding: 1.6rem 1.8rem; border: 3px solid transparent; }
    a.tile.secondary { background: #fff; color: var(--erjian-primary); border-color: var(--erjian-primary); }
    a.tile:focus-visible { border-color: #ffd24d; outline: none; }
    .tile .big { font-size: 2rem; font-weight: 800; display: block; }
    .tile .small { font-size: 1.05rem; opacity: 0.9; }
    .facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 1rem; margin-top: 1.5rem; }
    .fact { background: #fff; border-radius: 12px; padding: 1rem 1.3rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08); }
    .fact .n { font-size: 2.2rem; font-weight: 800; font-variant-numeric: tabular-nums; }
    .fact .k { color: #4a5a6a; }
    .fact.attention { border-left: 6px solid #c77800; }
    a.fact.link { display: block; color: inherit; text-decoration: none; }
    a.fact.link:hover, a.fact.link:focus-visible { outline: 3px solid #ffd24d; }
    .note { margin-top: 1.5rem; color: #4a5a6a; line-height: 1.7; }
    .settings a { display: inline-block; margin-top: 1rem; padding: 0.7rem 1.1rem; border-radius: 10px; background: #fff; border: 2px solid #c3ccd6; color: var(--erjian-primary); text-decoration: none; font-size: 1.1rem; }
    .settings a:focus-visible, .settings a:hover { border-color: var(--erjian-primary); outline: none; }
    .settings span { color: #4a5a6a; font-size: 0.95rem; }
    .others { margin-top: 2rem; }
    .others h2 { font-size: 1.2rem; margin: 0 0 0.6rem; color: #4a5a6a; }
    .others ul { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 0.8rem; }
    .others a { display: block; padding: 0.8rem 1rem; border-radius: 10px; background: #fff; border: 2px solid #c3ccd6; color: var(--erjian-primary); text-decoration: none; }
    .others a:focus-visible, .others a:hover { border-color: var(--erjian-primary); outline: none; }
    .others b { display: block; font-size: 1.15rem; }
    .others span { color: #4a5a6a; font-size: 0.95rem; }
    .others .pair { display: flex; gap: 0.4rem; flex-wrap: wrap; margin-top: 0.3rem; }
  `];

  private fact(n: number | string, key: Parameters<typeof t>[0], attention: boolean, testId: string, href?: string) {
    const body = html`<div class="n" data-testid=${testId}>${attention ? '⚠ ' : ''}${n}</div><div class="k">${t(key)}</div>`;
    // A fact that needs attention opens where it is dealt with (the interrupted sessions).
    return href === undefined ? html`<div class="fact ${attention ? 'attention' : ''}">${body}</div>` : html`<a class="fact link ${attention ? 'attention' : ''}" href=${href}>${body}</a>`;
  }

  override render() {
    return html`
      <div class="tiles">
        <a class="tile" href="#/bench" data-testid="home-bench"><span class="big">${t('home.toBench')}</span><span class="small">${t('home.toBenchHint')}</span></a>
        <a class="tile secondary" href=${hrefOf({ view: 'batches' })} data-testid="home-batches"><span class="big">${t('home.toBatches')}</span><span class="small">${t('home.toBatchesHint')}</span></a>
      </div>
      ${renderLoad(
        this.facts,
        (f) => html`<div class="facts">
            ${this.fact(f.batches.toLocaleString(), 'home.batches', false, 'home-batch-count')}
            ${this.fact(f.verifications.toLocaleString(), 'home.verifications', false, 'home-verification-count')}
            ${this.fact(f.unsynced.toLocaleString(), 'home.unsynced', f.unsynced > 0, 'home-unsynced')}
            ${this.fact(f.interruptedSessions.toLocaleString(), 'home.interrupted', f.interruptedSessions > 0, 'home-interrupted', hrefOf({ view: 'sessions' }))}
            ${this.fact(f.persisted === true ? t('home.persisted.yes') : f.persisted === false ? t('home.persisted.no') : '—', 'home.persisted', f.persisted === false, 'home-persisted')}
          </div>`,
      )}
      <p class="note">${t('home.lead')}</p>
      <p class="settings"><a href=${hrefOf({ view: 'bench-settings' })} data-testid="home-to-bench-settings"><b>${t('home.benchSettings')}</b> <span>${t('home.benchSettingsHint')}</span></a></p>
      ${this.renderOthers()}
    `;
  }

  /**
   * The places of the people who are not at the bench (docs/supervision.md "Who finds what
   * where"): each finds their part from the start screen, without being told a URL.
   */
  private renderOthers() {
    return html`<nav class="others" aria-labelledby="others-heading" data-testid="home-others">
      <h2 id="others-heading">${t('home.others')}</h2>
      <ul>
        <li><a href="#/admin" data-testid="home-to-admin"><b>${t('home.others.admin')}</b><span>${t('home.others.adminHint')}</span></a></li>
        <li><a href="#/regulator" data-testid="home-to-regulator"><b>${t('home.others.regulator')}</b><span>${t('home.others.regulatorHint')}</span></a></li>
        <li><a href="#/institute" data-testid="home-to-institute"><b>${t('home.others.institute')}</b><span>${t('home.others.instituteHint')}</span></a></li>
        <li><a href="/announcements" data-testid="home-to-announcements"><b>${t('home.others.announcements')}</b><span>${t('home.others.announcementsHint')}</span></a></li>
        <li><a href="/lookup" data-testid="home-to-lookup"><b>${t('home.others.lookup')}</b><span>${t('home.others.lookupHint')}</span></a></li>
      </ul>
    </nav>`;
  }
}

customElements.define('erjian-home', HomeView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-home': HomeView;
  }
}
