import { CertificateView, type BatchDocumentKind } from './certificate-view.ts';

/**
 * The printable A4 检定结果通知书 (notice of verification result, docs/rules.md R-ISSUE)
 * of a batch's failed meters, `#/batches/<id>/notice`: the certificate screen with the notice's document,
 * number, decision and store call (certificate-view.ts).
 */
export class NoticeView extends CertificateView {
  protected override readonly kind: BatchDocumentKind = 'notice';
}

customElements.define('erjian-notice', NoticeView);

declare global {
  interface HTMLElementTagNameMap {
    'erjian-notice': NoticeView;
  }
}
