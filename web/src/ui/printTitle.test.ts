import { describe, expect, it } from 'vitest';
import { printTitle } from './printTitle.ts';

describe('print title', () => {
  it('names the printed document while printing and puts the app title back after', () => {
    const events = new EventTarget();
    const doc = { title: '二检合一 · 水表检定' };
    let number = 'B-1-01';
    const p = printTitle(() => `检定证书 ${number}`, events, doc);
    p.attach();
    events.dispatchEvent(new Event('beforeprint'));
    expect(doc.title).toBe('检定证书 B-1-01');
    events.dispatchEvent(new Event('afterprint'));
    expect(doc.title).toBe('二检合一 · 水表检定');
    number = 'B-1-02';
    events.dispatchEvent(new Event('beforeprint'));
    expect(doc.title).toBe('检定证书 B-1-02');
    // Leaving the view mid-print restores the title too; later prints are not renamed.
    p.detach();
    expect(doc.title).toBe('二检合一 · 水表检定');
    events.dispatchEvent(new Event('beforeprint'));
    expect(doc.title).toBe('二检合一 · 水表检定');
  });
});
