/** The look both sampling screens share: big clear text, tables that scroll inside themselves. */
import { css } from 'lit';

export const samplingStyles = css`
  :host { display: block; font-size: 1.05rem; }
  h3 { font-size: 1.3rem; margin: 1.2rem 0 0.5rem; }
  h4 { font-size: 1.1rem; margin: 1rem 0 0.4rem; }
  .lead, .muted { color: var(--erjian-muted); }
  .lead { margin: 0 0 1rem; max-width: 70rem; }
  section.card { border: 2px solid #c3ccd6; border-radius: 10px; padding: 0.8rem 1rem; margin: 0 0 1rem; background: #fff; }
  form.row, .row { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: end; }
  label { display: flex; flex-direction: column; font-weight: 700; gap: 0.2rem; }
  label.inline { flex-direction: row; align-items: center; gap: 0.4rem; font-weight: 400; }
  input, select, textarea { font: inherit; padding: 0.3rem 0.5rem; border-radius: 8px; border: 2px solid #c3ccd6; background: #fff; }
  input.num { width: 7.5rem; text-align: right; font-variant-numeric: tabular-nums; }
  input.seed { width: 22rem; font-family: ui-monospace, monospace; }
  textarea { width: 100%; box-sizing: border-box; font-family: ui-monospace, monospace; font-size: 0.9rem; }
  button { white-space: nowrap; font: inherit; cursor: pointer; border-radius: 8px; padding: 0.35rem 1rem; border: 2px solid var(--erjian-primary); background: #fff; color: var(--erjian-primary); font-weight: 700; }
  button.primary { background: var(--erjian-primary); color: #fff; }
  button:disabled { opacity: 0.5; cursor: default; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, a:focus-visible { outline: 3px solid var(--erjian-focus); outline-offset: 2px; }
  .error { color: var(--erjian-danger); font-weight: 700; white-space: pre-wrap; }
  .ok { color: var(--erjian-ok); font-weight: 700; }
  .bad { color: var(--erjian-danger); font-weight: 700; }
  .note { background: #f3f6f9; border-left: 4px solid var(--erjian-primary); padding: 0.4rem 0.8rem; margin: 0.5rem 0; }
  .warn { background: #fff4e5; border-left: 4px solid var(--erjian-danger); padding: 0.5rem 0.8rem; margin: 0.5rem 0; font-weight: 700; }
  .scroll { overflow-x: auto; max-width: 100%; }
  table { border-collapse: collapse; margin: 0.3rem 0; }
  th, td { border-bottom: 1px solid #dde3ea; padding: 0.3rem 0.6rem; text-align: left; vertical-align: middle; }
  th { background: #f3f6f9; white-space: nowrap; }
  td.seed { font-family: ui-monospace, monospace; font-size: 1.05rem; font-weight: 700; word-break: break-all; }
  td.mono, .mono { font-family: ui-monospace, monospace; font-size: 0.85rem; word-break: break-all; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .nowrap { white-space: nowrap; }
  tr.current { background: #eef5ff; }
  .pill { display: inline-block; border-radius: 999px; padding: 0.05rem 0.6rem; font-weight: 700; font-size: 0.95rem; background: #eef1f4; }
  .pill.ok { background: #e3f4e8; }
  .pill.bad { background: #fde8e8; }
  details summary { cursor: pointer; font-weight: 700; }
`;
