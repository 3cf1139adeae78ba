/**
 * The public lookup page (docs/lookup.md): the second entry of the build (web/lookup.html),
 * on purpose apart from the operator app — no Lit, no Dexie, no service worker — so a phone
 * that scans a label loads a few kilobytes and nothing of the bench.
 */
import '../publicPage/publicPage.css';
import './lookup.css';
import { timeZone } from '../domain/profiles/jjg162-2019.json';
import { civilDate } from '../domain/civilDate.ts';
import { lookUpMeter, type LookupOutcome } from './api.ts';
import { meterPagePath, serialFromPath, withLocale } from './address.ts';
import { localeFromSearch, text, type LookupLocale } from './messages.ts';
import { renderLookup, type ViewContext } from './view.ts';

const main = document.getElementById('lookup') as HTMLElement;
const title = document.getElementById('title') as HTMLElement;
const switchButton = document.getElementById('lang-switch') as HTMLButtonElement;
const footer = document.getElementById('footer') as HTMLElement;
const serial = serialFromPath(location.pathname);
let locale: LookupLocale = localeFromSearch(location.search);
let shown: LookupOutcome | 'search' | 'loading' = serial === null ? 'search' : 'loading';

function context(): ViewContext {
  return {
    locale,
    // 有效期 is a civil date of the pilot's zone (docs/rules.md R-DATE), not the phone's.
    today: civilDate(new Date(), timeZone.value),
    serial: serial ?? '',
    onSearch: (s) => location.assign(meterPagePath(s, locale)),
    onRetry: () => void load(),
  };
}

function render(): void {
  const other: LookupLocale = locale === 'en' ? 'zh-CN' : 'en';
  document.documentElement.lang = locale;
  document.title = serial === null ? text(locale, 'page.title') : `${serial} · ${text(locale, 'page.title')}`;
  title.textContent = text(locale, 'page.title');
  switchButton.textContent = text(locale, 'lang.switch');
  // The switch is written in the language it switches to.
  switchButton.lang = other;
  switchButton.hidden = false;
  main.replaceChildren(...renderLookup(context(), shown).filter((c): c is Node | string => Boolean(c)));
  footer.textContent = text(locale, 'footer.source');
}

async function load(): Promise<void> {
  if (serial === null) return;
  shown = 'loading';
  render();
  shown = await lookUpMeter(serial);
  render();
}

switchButton.addEventListener('click', () => {
  locale = locale === 'en' ? 'zh-CN' : 'en';
  history.replaceState(null, '', withLocale(location.href, locale));
  render();
});

render();
void load();
