/**
 * The printed page's size and margins. `@page` rules in a shadow root are not applied
 * to the document's pages, so a view adds one to <head> while it is shown and removes it
 * when it goes (another view prints with the browser's defaults).
 */
export class PageStyle {
  private element: HTMLStyleElement | null = null;

  constructor(private css: string) {}

  /** Replaces the rules (e.g. the running footer once the certificate has its number). */
  update(css: string): void {
    this.css = css;
    if (this.element !== null) this.element.textContent = css;
  }

  attach(): void {
    if (this.element !== null) return;
    this.element = document.createElement('style');
    this.element.dataset['erjianPage'] = '';
    this.element.textContent = this.css;
    document.head.append(this.element);
  }

  detach(): void {
    this.element?.remove();
    this.element = null;
  }
}

/** A CSS string literal of any text (quotes, backslashes and line breaks escaped). */
export function cssString(text: string): string {
  return `"${text.replace(/["\\\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/**
 * The `content` of a page-margin box from a message with `{page}` and `{pages}`
 * placeholders: the text around them as strings, the placeholders as the page counters.
 */
export function pageCounterContent(message: string): string {
  return message
    .split(/(\{pages?\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{page}' ? 'counter(page)' : part === '{pages}' ? 'counter(pages)' : cssString(part)))
    .join(' ');
}
