/** Small pieces both authorisation screens render: the status chip and the scope in words. */
import { html } from 'lit';
import type { AuthorisationStatus } from '../../domain/authorisation.ts';
import type { AuthorisationBody } from './authorisationProtocol.ts';
import { aut } from './authorisationMessages.ts';

export function chip(status: AuthorisationStatus) {
  return html`<span class="chip chip-${status}" data-testid="auth-chip" data-status=${status}>${aut(`auth.status.${status}`)}</span>`;
}

export function scopeText(scope: AuthorisationBody['scope']): string {
  const models = scope.models ?? [];
  return `${aut('auth.scope', { min: scope.minDn, max: scope.maxDn })} · ${models.length > 0 ? aut('auth.scope.models', { models: models.join('、') }) : aut('auth.scope.allModels')}`;
}
