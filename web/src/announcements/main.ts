/**
 * The public announcement page (一公开; docs/authorisations.md): a build entry of its own
 * (web/announcements.html), apart from the operator app — no Lit, no Dexie, no service
 * worker — so anyone's phone loads a few kilobytes.
 */
import '../publicPage/publicPage.css';
import './announcements.css';
import { fetchAnnouncements, type AnnouncementsOutcome } from './api.ts';
import { text, type AnnouncementLocale } from './messages.ts';
import { renderAnnouncements } from './view.ts';

const main = document.getElementById('announcements') as HTMLElement;
const title = document.getElementById('title') as HTMLElement;
const switchButton = document.getElementById('lang-switch') as HTMLButtonElement;
const footer = document.getElementById('footer') as HTMLElement;
let locale: AnnouncementLocale = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh-CN';
let shown: AnnouncementsOutcome | 'loading' = 'loading';

function render(): void {
  const other: AnnouncementLocale = locale === 'en' ? 'zh-CN' : 'en';
  document.documentElement.lang = locale;
  document.title = text(locale, 'page.title');
  title.textContent = text(locale, 'page.title');
  switchButton.textContent = text(locale, 'lang.switch');
  switchButton.lang = other;
  switchButton.hidden = false;
  main.replaceChildren(...renderAnnouncements({ locale, onRetry: () => void load() }, shown).filter((c): c is Node | string => Boolean(c)));
  footer.textContent = text(locale, 'footer.source');
}

async function load(): Promise<void> {
  shown = 'loading';
  render();
  shown = await fetchAnnouncements();
  render();
}

switchButton.addEventListener('click', () => {
  locale = locale === 'en' ? 'zh-CN' : 'en';
  const url = new URL(location.href);
  if (locale === 'en') url.searchParams.set('lang', 'en');
  else url.searchParams.delete('lang');
  history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
  render();
});

void load();
