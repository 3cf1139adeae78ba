/**
 * What the lookup page shows for each outcome (docs/lookup.md "The page"). The verdict and
 * 有效期至 come first and large — a person holding a phone to a meter wants those two at a
 * glance — then a recall notice or an integrity warning, then the other Annex-2 fields.
 */
import type { PublicMeter } from '../sync/protocol.ts';
import { h, type Child } from '../publicPage/publicPage.ts';
import { formatDate, text, type LookupLocale, type LookupMessageKey } from './messages.ts';
import type { LookupOutcome } from './api.ts';
import { SERIAL_LENGTH, normaliseSerial, serialProblem } from '../domain/serialNumber.ts';

export interface ViewContext {
  locale: LookupLocale;
  /** today's civil date in the pilot's zone (YYYY-MM-DD): whether 有效期 has passed */
  today: string;
  /** the serial in the search box */
  serial: string;
  onSearch(serial: string): void;
  onRetry(): void;
}

function notice(kind: 'warning' | 'recall' | 'info', title: string, ...body: Child[]): HTMLElement {
  return h('section', { class: `notice notice-${kind}`, role: kind === 'info' ? 'status' : 'alert', 'data-testid': `notice-${kind}` }, h('h2', {}, title), ...body);
}

function recallNotice(ctx: ViewContext, recall: NonNullable<PublicMeter['recall']>): HTMLElement {
  const t = (k: LookupMessageKey) => text(ctx.locale, k);
  return notice(
    'recall',
    t('recall.title'),
    h('p', { class: 'recall-action' }, recall.action),
    h(
      'dl',
      { class: 'recall-facts' },
      h('dt', {}, t('recall.reason')),
      h('dd', { 'data-value': true }, recall.reason),
      h('dt', {}, t('recall.issuedOn')),
      h('dd', {}, formatDate(ctx.locale, recall.issuedOn)),
      h('dt', {}, t('recall.number')),
      h('dd', { 'data-value': true }, recall.id),
    ),
  );
}

function verdict(ctx: ViewContext, m: PublicMeter): HTMLElement {
  const t = (k: LookupMessageKey) => text(ctx.locale, k);
  const passed = m.conclusion === '合格';
  const expired = m.valid_until !== null && m.valid_until < ctx.today;
  return h(
    'section',
    { class: `verdict ${passed ? 'verdict-pass' : 'verdict-fail'}${m.integrity === 'broken' ? ' verdict-doubtful' : ''}`, 'data-testid': 'verdict' },
    h('p', { class: 'verdict-serial', 'data-value': true }, text(ctx.locale, 'meter.serialLine', { serial: m.serial })),
    h('p', { class: 'verdict-label' }, t('verdict.label')),
    h('p', { class: 'verdict-value', 'data-testid': 'conclusion' }, t(passed ? 'verdict.合格' : 'verdict.不合格')),
    h('p', { class: 'verdict-label' }, t('validUntil.label')),
    h(
      'p',
      { class: `valid-until${m.valid_until === null ? ' valid-until-none' : ''}`, 'data-testid': 'valid-until' },
      m.valid_until === null ? t('validUntil.none') : formatDate(ctx.locale, m.valid_until),
    ),
    expired ? h('p', { class: 'expired', 'data-testid': 'expired' }, t('validUntil.expired')) : null,
  );
}

function fields(ctx: ViewContext, m: PublicMeter): HTMLElement {
  const t = (k: LookupMessageKey) => text(ctx.locale, k);
  const rows: [LookupMessageKey, string][] = [
    ['field.instrument_name', m.instrument_name],
    ['field.model', m.model],
    ['field.serial', m.serial],
    ['field.accuracy_class', m.accuracy_class],
    ['field.manufacturer', m.manufacturer],
    ['field.production_date', formatDate(ctx.locale, m.production_date)],
    ['field.verification_date', formatDate(ctx.locale, m.verification_date)],
    ['field.institution', m.institution],
  ];
  return h('dl', { class: 'fields', 'data-testid': 'fields' }, ...rows.flatMap(([k, v]) => [h('dt', {}, t(k)), h('dd', { 'data-value': true }, v)]));
}

function meterView(ctx: ViewContext, m: PublicMeter): Child[] {
  const t = (k: LookupMessageKey) => text(ctx.locale, k);
  return [
    m.recall ? recallNotice(ctx, m.recall) : null,
    m.integrity === 'broken' ? notice('warning', t('integrity.broken.title'), h('p', {}, t('integrity.broken.body'))) : null,
    verdict(ctx, m),
    fields(ctx, m),
    m.integrity === 'verified' ? h('p', { class: 'integrity-ok', 'data-testid': 'integrity-ok' }, t('integrity.verified')) : null,
    searchForm(ctx, t('search.again'), ''),
  ];
}

function problemText(ctx: ViewContext, serial: string): string | null {
  const p = serialProblem(serial);
  if (p === null) return null;
  switch (p.code) {
    case 'empty':
      return text(ctx.locale, 'search.problem.empty');
    case 'too-short':
    case 'too-long':
      return text(ctx.locale, 'search.problem.length', { min: SERIAL_LENGTH.min, max: SERIAL_LENGTH.max });
    case 'hyphen-at-end':
      return text(ctx.locale, 'search.problem.hyphen');
    default:
      return text(ctx.locale, 'search.problem.chars');
  }
}

function searchForm(ctx: ViewContext, heading: string | null, value: string): HTMLElement {
  const t = (k: LookupMessageKey) => text(ctx.locale, k);
  const input = h('input', {
    id: 'serial',
    name: 'serial',
    type: 'text',
    inputmode: 'text',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    enterkeyhint: 'search',
    placeholder: t('search.placeholder'),
    'data-testid': 'serial-input',
  });
  input.value = value;
  const problem = h('p', { class: 'problem', role: 'alert', 'data-testid': 'search-problem', hidden: true });
  const form = h(
    'form',
    { class: 'search', role: 'search', 'data-testid': 'search', novalidate: true },
    heading ? h('h2', {}, heading) : null,
    h('label', { for: 'serial' }, t('search.label')),
    h('div', { class: 'search-row' }, input, h('button', { type: 'submit' }, t('search.submit'))),
    problem,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const serial = normaliseSerial(input.value);
    const why = problemText(ctx, serial);
    problem.hidden = why === null;
    problem.textContent = why ?? '';
    if (why === null) ctx.onSearch(serial);
  });
  return form;
}

function retryButton(ctx: ViewContext): HTMLElement {
  const b = h('button', { type: 'button', class: 'retry' }, text(ctx.locale, 'retry'));
  b.addEventListener('click', () => ctx.onRetry());
  return b;
}

/** The content of `<main>` for the search page (no serial), while loading, and for each outcome. */
export function renderLookup(ctx: ViewContext, outcome: LookupOutcome | 'search' | 'loading'): Child[] {
  const t = (k: LookupMessageKey) => text(ctx.locale, k);
  if (outcome === 'search') return [h('p', { class: 'intro' }, t('search.intro')), searchForm(ctx, null, '')];
  if (outcome === 'loading') return [h('p', { class: 'loading', 'data-testid': 'loading' }, t('loading'))];
  switch (outcome.kind) {
    case 'found':
      return meterView(ctx, outcome.meter);
    case 'not-found':
      return [
        notice('info', t('notFound.title'), h('p', {}, t('notFound.body')), h('p', { class: 'searched', 'data-value': true }, ctx.serial)),
        searchForm(ctx, null, ctx.serial),
      ];
    case 'rate-limited':
      return [
        notice(
          'info',
          t('rateLimited.title'),
          h('p', {}, outcome.retryAfterS === null ? t('rateLimited.body') : text(ctx.locale, 'rateLimited.bodySeconds', { seconds: outcome.retryAfterS })),
          retryButton(ctx),
        ),
      ];
    case 'unavailable':
      return [notice('info', t('unavailable.title'), h('p', {}, t('unavailable.body')), retryButton(ctx))];
    case 'offline':
      return [notice('info', t('offline.title'), h('p', {}, t('offline.body')), retryButton(ctx))];
  }
}
