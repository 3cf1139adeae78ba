import { css } from 'lit';

/** The look of the authorisation screens: big clear text, status chips, cards that wrap on a narrow window. */
export const authorisationStyles = css`
  :host { display: block; }
  h3 { margin: 0 0 0.6rem; font-size: 1.35rem; }
  h4 { margin: 1rem 0 0.4rem; font-size: 1.15rem; }
  .card h4, dialog h4 { margin-top: 0; }
  .lead, .muted { color: var(--erjian-muted); }
  .lead { margin: 0 0 0.8rem; max-width: 62rem; }
  .card { border: 2px solid #c3ccd6; border-radius: 12px; padding: 0.8rem 1rem; margin: 0 0 0.8rem; background: #fff; overflow-wrap: anywhere; }
  .card-head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem 0.8rem; }
  .no { font-size: 1.2rem; font-weight: 700; }
  .enterprise { font-weight: 700; }
  dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.2rem 0.8rem; margin: 0.5rem 0; }
  dt { color: var(--erjian-muted); }
  dd { margin: 0; min-width: 0; }
  .chip { display: inline-block; border-radius: 999px; padding: 0.1rem 0.8rem; font-weight: 700; font-size: 1rem; border: 2px solid currentColor; white-space: nowrap; }
  .chip-active { color: var(--erjian-ok); }
  .chip-suspended { color: #8a3000; background: #fff4e5; }
  .chip-revoked, .chip-expired { color: var(--erjian-danger); background: #fdecea; }
  .chip-not-yet-valid { color: var(--erjian-muted); }
  .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 0.4rem; }
  button { font: inherit; cursor: pointer; border-radius: 8px; padding: 0.35rem 1rem; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); font-weight: 700; min-height: 2.6rem; }
  button.primary { background: var(--erjian-primary); color: #fff; }
  button.danger { border-color: var(--erjian-danger); color: var(--erjian-danger); }
  button:disabled { opacity: 0.5; cursor: default; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, a:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
  form.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 0.6rem 1rem; align-items: end; }
  label { display: flex; flex-direction: column; font-weight: 700; gap: 0.2rem; }
  .wide { grid-column: 1 / -1; }
  input, select, textarea { font: inherit; padding: 0.35rem 0.5rem; border-radius: 8px; border: 2px solid #c3ccd6; min-width: 0; }
  textarea { min-height: 4rem; resize: vertical; }
  .problems { color: var(--erjian-danger); font-weight: 700; margin: 0.4rem 0; padding-left: 1.2rem; }
  .error { color: var(--erjian-danger); font-weight: 700; }
  .ok { color: var(--erjian-ok); font-weight: 700; }
  .banner { border-radius: 12px; padding: 0.8rem 1rem; margin: 0 0 0.8rem; font-size: 1.15rem; font-weight: 700; }
  .banner-warn { background: #fff4e5; border: 3px solid #e65100; color: #5c2000; }
  .banner-danger { background: #fdecea; border: 3px solid var(--erjian-danger); color: var(--erjian-danger); }
  .banner p { margin: 0 0 0.4rem; }
  table { border-collapse: collapse; width: 100%; margin-top: 0.4rem; }
  th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #d5dde6; vertical-align: top; overflow-wrap: anywhere; }
  th { color: var(--erjian-muted); font-weight: 700; }
  td.nowrap, th.nowrap { white-space: nowrap; }
  .table-wrap { overflow-x: auto; }
  dialog { border: 2px solid var(--erjian-primary); border-radius: 12px; padding: 1rem 1.2rem; max-width: min(40rem, 94vw); }
  dialog::backdrop { background: rgb(0 0 0 / 35%); }
  dialog form { display: flex; flex-direction: column; gap: 0.6rem; }
  a { color: var(--erjian-primary); font-weight: 700; }
`;
