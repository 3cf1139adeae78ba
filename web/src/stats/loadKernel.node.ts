/**
 * Loads the WASM kernel in Node (CLI, tests, benchmark) by reading the file that
 * `npm run asbuild` writes; the browser loads it by URL instead (loadKernel.browser.ts).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { StatisticsError } from './errors.ts';
import { WasmKernel } from './kernel.ts';

export const KERNEL_PATH = fileURLToPath(new URL('./wasm/stats.wasm', import.meta.url));

/** The compiled kernel module, read from KERNEL_PATH; a clear error if it was not built. */
export async function compileKernel(path: string = KERNEL_PATH): Promise<WebAssembly.Module> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new StatisticsError('kernel-not-built', `cannot read the statistics kernel ${path} (${reason}): run npm run asbuild`);
  }
  return WebAssembly.compile(bytes);
}

/** A fresh kernel instance (its own memory) from the compiled module. */
export async function loadNodeKernel(path?: string): Promise<WasmKernel> {
  const module = await compileKernel(path);
  return WasmKernel.fromInstance(await WebAssembly.instantiate(module, {}));
}
