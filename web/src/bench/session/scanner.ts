/**
 * Serial-number entry by keyboard or barcode scanner: a scanner "types" the code and
 * presses Enter, so both arrive as key presses ending in Enter.
 */
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

/** A serial number the session accepts: printable, no spaces at the ends, at most 64 characters. */
export function checkSerial(text: string): string | null {
  if (text.length === 0) return 'the serial number is empty';
  if (text.length > 64) return 'the serial number is longer than 64 characters';
  if (text !== text.trim()) return 'the serial number starts or ends with a space';
  if (/\p{Cc}/u.test(text)) return 'the serial number contains control characters';
  return null;
}
