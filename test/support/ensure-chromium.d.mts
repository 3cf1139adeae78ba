/** Path of the Chromium binary for browser tests ($CHROME_PATH, else /usr/bin/chromium), if any. */
export function findChromium(): string | undefined;
