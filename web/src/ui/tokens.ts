/**
 * The app's colours, in one place: CSS custom properties on the document's root, which
 * every component's shadow DOM inherits (`color: var(--erjian-primary)`). A component
 * names the role of a colour, never the colour itself, so the brand blue, the focus ring
 * or the danger red is changed here once. The PWA manifest's and the icon's theme colour
 * (vite.config.ts, web/public/icons) are not CSS and keep their own copy.
 */
import { css } from 'lit';

export const tokens = css`
  :root {
    /* the brand blue: header, primary buttons, links */
    --erjian-primary: #0b5cab;
    /* text and lines on the brand blue */
    --erjian-on-primary: #fff;
    /* the keyboard focus ring, seen from two metres */
    --erjian-focus: #ffd24d;
    /* body text */
    --erjian-ink: #15202b;
    /* secondary text */
    --erjian-muted: #4a5a6a;
    /* failed, refused, out of limits */
    --erjian-danger: #b71c1c;
    /* passed, in control */
    --erjian-ok: #1b6e20;
  }
`;

/** Puts the tokens on the document (once; the app shell does it as it loads). */
export function installTokens(doc: Document = document): void {
  const sheet = tokens.styleSheet;
  if (sheet === undefined || doc.adoptedStyleSheets.includes(sheet)) return;
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
