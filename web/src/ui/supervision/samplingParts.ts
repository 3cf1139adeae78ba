/** Pieces both sampling screens show the same way: the results with who and when, corrections linked. */
import { html, nothing, type TemplateResult } from 'lit';
import { civilWhen, pointReasonText, st } from './samplingMessages.ts';
import type { SamplingResultView } from './samplingTypes.ts';

/** The deciding error at Q3 / Q2 / Q1 of a result, rounded to 2 decimals for show. */
export function resultSummary(r: SamplingResultView): string {
  return (['Q3', 'Q2', 'Q1'] as const)
    .map((p) => {
      const point = r.verdict.points[p];
      const idx = point?.decidingRun ?? point?.runIndices.at(-1);
      const run = idx === undefined ? undefined : r.verdict.runs[idx];
      return run ? `${run.errorPct >= 0 ? '+' : ''}${run.errorPct.toFixed(2)}%` : '—';
    })
    .join(' / ');
}

export function resultsTable(results: readonly SamplingResultView[], actions?: (r: SamplingResultView) => TemplateResult | typeof nothing): TemplateResult {
  if (results.length === 0) return html`<p class="muted">${st('smp.results.empty')}</p>`;
  return html`<div class="scroll"><table data-testid="smp-results">
    <thead><tr><th>#</th><th>${st('smp.col.serial')}</th><th>${st('smp.col.result')}</th><th>${st('smp.col.points')}</th><th>${st('smp.col.source')}</th><th>${st('smp.col.by')}</th><th>${st('smp.col.at')}</th><th>${st('smp.col.note')}</th>${actions ? html`<th></th>` : nothing}</tr></thead>
    <tbody>
      ${results.map(
        (r) => html`<tr>
          <td class="num">${r.id}</td><td><b>${r.serial}</b></td>
          <td><span class="pill ${r.passed ? 'ok' : 'bad'}">${st(r.passed ? 'smp.result.passed' : 'smp.result.failed')}</span>
            ${r.verdict.reasons.map((x) => html`<div class="muted">${x.point ?? ''} ${pointReasonText(x.code)}</div>`)}</td>
          <td class="num">${resultSummary(r)}</td>
          <td class="nowrap">${st(`smp.source.${r.source}`)}</td><td>${r.enteredByName}</td><td class="nowrap">${civilWhen(r.enteredAt)}</td>
          <td>${r.correctionOf !== null ? html`<div>${st('smp.correctionOf', { id: r.correctionOf, reason: r.correctionReason ?? '' })}</div>` : nothing}
            ${r.correctedBy !== null ? html`<div class="muted">${st('smp.correctedBy', { id: r.correctedBy })}</div>` : nothing}</td>
          ${actions ? html`<td>${actions(r)}</td>` : nothing}
        </tr>`,
      )}
    </tbody>
  </table></div>`;
}
