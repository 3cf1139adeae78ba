/**
 * What the announcement page shows (docs/authorisations.md "Public announcement"): one card
 * per authorised unit — its name, then each certificate with a large status, and the
 * penalties made public, newest first. Every value is set as text, never as HTML.
 */
import { h, type Child } from '../publicPage/publicPage.ts';
import type { PublicAuthorisation, PublicPenalty, PublicUnit } from './announcementSchema.ts';
import type { AnnouncementsOutcome } from './api.ts';
import { penaltyText, text, type AnnouncementKey, type AnnouncementLocale } from './messages.ts';

export interface ViewContext {
  locale: AnnouncementLocale;
  onRetry(): void;
}

/** A civil date as each language writes it: 2029年10月29日, 2029-10-29. */
export function formatDate(locale: AnnouncementLocale, isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m || locale === 'en') return isoDate;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

function authorisation(ctx: ViewContext, a: PublicAuthorisation): HTMLElement {
  const t = (k: AnnouncementKey, v?: Record<string, string | number>) => text(ctx.locale, k, v);
  // the models on a line of their own; a date never breaks inside itself
  const scope = h(
    'span',
    {},
    h('span', { class: 'line' }, t('scope', { min: a.scope.minDn, max: a.scope.maxDn })),
    a.scope.models.length > 0
      ? h('span', { class: 'line' }, t('scope.models', { models: '' }), ...a.scope.models.flatMap((m, i) => [i > 0 ? '、' : '', h('span', { class: 'date' }, m)]))
      : h('span', { class: 'line' }, t('scope.allModels')),
  );
  const [before, between, after] = t('validity', { from: '\u0000', until: '\u0000' }).split('\u0000');
  const validity = h('span', {}, before ?? '', h('span', { class: 'date' }, formatDate(ctx.locale, a.validFrom)), between ?? '', h('span', { class: 'date' }, formatDate(ctx.locale, a.validUntil)), after ?? '');
  const rows: [AnnouncementKey, Node | string][] = [
    ['field.certificateNo', a.certificateNo],
    ...(a.category ? ([['field.category', a.category]] as [AnnouncementKey, string][]) : []),
    ['field.scope', scope],
    ['field.validity', validity],
    ...(a.institute ? ([['field.institute', a.institute]] as [AnnouncementKey, string][]) : []),
  ];
  return h(
    'div',
    { class: `authorisation status-${a.status}`, 'data-testid': 'authorisation' },
    h('p', { class: 'status', 'data-testid': 'status', 'data-status': a.status }, t(`status.${a.status}`)),
    h('dl', { class: 'fields' }, ...rows.flatMap(([k, v]) => [h('dt', {}, t(k)), h('dd', {}, v)])),
  );
}

function penalty(ctx: ViewContext, p: PublicPenalty): HTMLElement {
  return h(
    'li',
    { class: 'penalty', 'data-testid': 'penalty' },
    h('p', { class: 'penalty-head' }, h('span', { class: 'penalty-date' }, formatDate(ctx.locale, p.date)), ' ', h('b', {}, penaltyText(ctx.locale, p.type))),
    p.reason ? h('p', {}, p.reason) : null,
    p.reference ? h('p', { class: 'penalty-reference' }, text(ctx.locale, 'penalties.reference', { reference: p.reference })) : null,
  );
}

function unit(ctx: ViewContext, u: PublicUnit): HTMLElement {
  return h(
    'section',
    { class: 'unit', 'data-testid': 'unit' },
    h('h2', {}, u.enterpriseName),
    ...u.authorisations.map((a) => authorisation(ctx, a)),
    h('h3', {}, text(ctx.locale, 'penalties.heading')),
    u.penalties.length === 0 ? h('p', { class: 'muted', 'data-testid': 'no-penalties' }, text(ctx.locale, 'penalties.none')) : h('ul', { class: 'penalties' }, ...u.penalties.map((p) => penalty(ctx, p))),
  );
}

function notice(ctx: ViewContext, title: AnnouncementKey, body: AnnouncementKey): HTMLElement {
  const b = h('button', { type: 'button', class: 'retry' }, text(ctx.locale, 'retry'));
  b.addEventListener('click', () => ctx.onRetry());
  return h('section', { class: 'notice', role: 'alert' }, h('h2', {}, text(ctx.locale, title)), h('p', {}, text(ctx.locale, body)), b);
}

export function renderAnnouncements(ctx: ViewContext, outcome: AnnouncementsOutcome | 'loading'): Child[] {
  const t = (k: AnnouncementKey, v?: Record<string, string | number>) => text(ctx.locale, k, v);
  if (outcome === 'loading') return [h('p', { class: 'intro' }, t('intro')), h('p', { class: 'loading' }, t('loading'))];
  switch (outcome.kind) {
    case 'found': {
      const a = outcome.announcements;
      return [
        h('p', { class: 'intro' }, t('intro')),
        h('p', { class: 'as-of', 'data-testid': 'as-of' }, t('asOf', { date: formatDate(ctx.locale, a.asOf) })),
        ...(a.units.length === 0 ? [h('p', { class: 'muted' }, t('none'))] : a.units.map((u) => unit(ctx, u))),
      ];
    }
    case 'rate-limited':
      return [notice(ctx, 'rateLimited.title', 'rateLimited.body')];
    case 'unavailable':
      return [notice(ctx, 'unavailable.title', 'unavailable.body')];
    case 'offline':
      return [notice(ctx, 'offline.title', 'offline.body')];
  }
}
