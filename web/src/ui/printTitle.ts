/**
 * The document's title while printing. Chromium names a saved PDF, and prints in the page
 * header, after `document.title`; a certificate saved as "二检合一 · 水表检定.pdf" is lost
 * among the others in a folder. While a document view is shown, its title (e.g.
 * "检定证书 B-2026-001-01") replaces the app's for the print and is put back after.
 */
export interface PrintTitle {
  attach(): void;
  detach(): void;
}

interface PrintEvents {
  addEventListener(type: 'beforeprint' | 'afterprint', listener: () => void): void;
  removeEventListener(type: 'beforeprint' | 'afterprint', listener: () => void): void;
}

export function printTitle(title: () => string, target: PrintEvents = window, doc: { title: string } = document): PrintTitle {
  let saved: string | null = null;
  const before = () => {
    saved ??= doc.title;
    doc.title = title();
  };
  const after = () => {
    if (saved !== null) doc.title = saved;
    saved = null;
  };
  return {
    attach() {
      target.addEventListener('beforeprint', before);
      target.addEventListener('afterprint', after);
    },
    detach() {
      after();
      target.removeEventListener('beforeprint', before);
      target.removeEventListener('afterprint', after);
    },
  };
}
