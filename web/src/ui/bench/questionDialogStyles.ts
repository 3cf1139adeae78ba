/**
 * The look of the bench screen's question dialogs (a meter verified again, a reading that
 * looks wrong): one amber-framed modal with a reason field and its answers, so the operator
 * meets the same dialog whatever the bench asks. Each dialog adds only its sizes.
 */
import { css } from 'lit';

export const questionDialogStyles = css`
  dialog { border: 3px solid #8a5300; border-radius: 12px; }
  label { display: flex; flex-direction: column; gap: 0.3rem; color: #4a5a6a; }
  input { font: inherit; padding: 0.5rem 0.7rem; border: 2px solid #8a97a5; border-radius: 8px; }
  input:focus-visible, button:focus-visible { outline: 3px solid #ffd24d; }
  .actions { display: flex; justify-content: flex-end; }
  button { font: inherit; font-weight: 700; border-radius: 8px; border: 2px solid var(--erjian-primary); background: var(--erjian-primary); color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: var(--erjian-primary); }
  button[disabled] { opacity: 0.5; cursor: not-allowed; }
`;
