/**
 * The UI's languages: zh-CN first (operators), English on a switch. The choice is
 * remembered in localStorage so a bench PC keeps its language across restarts.
 */
import { en } from './en.ts';
import { zhCN, type MessageKey } from './zh-CN.ts';

export type Locale = 'zh-CN' | 'en';
export const defaultLocale: Locale = 'zh-CN';
const storageKey = 'erjian.locale';
const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

type Listener = (locale: Locale) => void;
const listeners = new Set<Listener>();

function readStoredLocale(): Locale {
  try {
    const v = globalThis.localStorage?.getItem(storageKey);
    return v === 'en' || v === 'zh-CN' ? v : defaultLocale;
  } catch {
    // Storage can be blocked (privacy settings); the default language still works.
    return defaultLocale;
  }
}

let current: Locale = readStoredLocale();

export function locale(): Locale {
  return current;
}

export function setLocale(next: Locale): void {
  current = next;
  try {
    globalThis.localStorage?.setItem(storageKey, next);
  } catch {
    /* not remembered, but switched for this page */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  for (const l of listeners) l(next);
}

export function onLocaleChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function t(key: MessageKey): string {
  return catalogs[current][key];
}

export type { MessageKey };
