/**
 * The printed page's size and margins. `@page` rules in a shadow root are not applied
 * to the document's pages, so a view adds one to <head> while it is shown and removes it
 * when it goes (another view prints with the browser's defaults).
 */
export class PageStyle {
  private element: HTMLStyleElement | null = null;

  constructor(private readonly css: string) {}

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
