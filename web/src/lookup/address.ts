/**
 * The lookup page's addresses (docs/lookup.md): `/lookup/<serial>` is what a label's QR code
 * opens (web/src/ui/certificate/lookupUrl.ts writes it: the serial as ONE percent-encoded
 * path segment), `/lookup` is the search box, `?lang=en` the English page.
 */
import { normaliseSerial } from '../domain/serialNumber.ts';
import type { LookupLocale } from './messages.ts';

/** The serial a `/lookup/<serial>` path names, in the app's one spelling; null for the search page. */
export function serialFromPath(pathname: string): string | null {
  const m = /^\/lookup\/(.+?)\/*$/.exec(pathname);
  if (!m?.[1]) return null;
  let segment = m[1];
  try {
    segment = decodeURIComponent(segment);
  } catch {
    // A malformed escape is looked up as written: the server answers "not found", never an error page.
  }
  const serial = normaliseSerial(segment);
  return serial === '' ? null : serial;
}

function langQuery(locale: LookupLocale): string {
  return locale === 'en' ? '?lang=en' : '';
}

/** The page of one meter, in the language the person reads. */
export function meterPagePath(serial: string, locale: LookupLocale): string {
  return `/lookup/${encodeURIComponent(serial)}${langQuery(locale)}`;
}

/** The same page in the other language: the URL stays shareable. */
export function withLocale(href: string, locale: LookupLocale): string {
  const url = new URL(href);
  if (locale === 'en') url.searchParams.set('lang', 'en');
  else url.searchParams.delete('lang');
  return `${url.pathname}${url.search}${url.hash}`;
}

export function publicMeterApiPath(serial: string): string {
  return `/api/public/meters/${encodeURIComponent(serial)}`;
}
