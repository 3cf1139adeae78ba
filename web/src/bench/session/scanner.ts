/**
 * Serial-number entry by keyboard or barcode scanner: a scanner "types" the code and
 * presses Enter, so both arrive as key presses ending in Enter.
 */
import type { SerialProblem } from '../../domain/index.ts';

export interface KeyPress {
  key: string;
}

export class ScanInput {
  private buffer = '';

  constructor(private readonly onScan: (text: string) => void) {}

  /** Feed every key press; Enter submits, Escape clears, Backspace deletes. */
  key(e: KeyPress): void {
    if (e.key === 'Enter') {
      const text = this.buffer.trim();
      this.buffer = '';
      if (text !== '') this.onScan(text);
    } else if (e.key === 'Escape') {
      this.buffer = '';
    } else if (e.key === 'Backspace') {
      this.buffer = this.buffer.slice(0, -1);
    } else if ([...e.key].length === 1) {
      this.buffer += e.key;
    }
  }

  get pending(): string {
    return this.buffer;
  }
}

/**
 * Why the session cannot take a serial number as typed, in the domain's words
 * (docs/rules.md R-IDENT), or null: printable, no spaces at the ends, at most 64 characters.
 */
export function checkSerial(text: string): SerialProblem | null {
  if (text.length === 0) return { code: 'empty' };
  if (text.length > 64) return { code: 'too-long', max: 64 };
  if (text !== text.trim()) return { code: 'contains-space' };
  const control = [...new Set([...text].filter((c) => /\p{Cc}/u.test(c)))];
  if (control.length > 0) return { code: 'characters-not-allowed', characters: control };
  return null;
}
