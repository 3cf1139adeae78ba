/**
 * Loads the WASM kernel in the browser by URL. `?url&no-inline`: vite would inline a small
 * .wasm as a data: URL (docs/architecture.md, Stack notes); as a file it is fetched, cached and precached by
 * the service worker like any other asset.
 */
import wasmUrl from './wasm/stats.wasm?url&no-inline';
import { StatisticsError } from './errors.ts';
import { WasmKernel } from './kernel.ts';

export async function loadBrowserKernel(url: string = wasmUrl): Promise<WasmKernel> {
  if (typeof WebAssembly.instantiateStreaming === 'function') {
    try {
      const { instance } = await WebAssembly.instantiateStreaming(fetch(url), {});
      return WasmKernel.fromInstance(instance);
    } catch {
      // e.g. a server that does not send application/wasm: compile from the bytes instead
    }
  }
  const response = await fetch(url);
  if (!response.ok) throw new StatisticsError('kernel-not-built', `cannot load the statistics kernel ${url}: HTTP ${response.status}`);
  const { instance } = await WebAssembly.instantiate(await response.arrayBuffer(), {});
  return WasmKernel.fromInstance(instance);
}
