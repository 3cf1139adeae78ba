/**
 * A bench configuration as a file (issue 14 item 1): exported as `<id>.bench.json`
 * (pretty JSON, exactly the validated configuration), imported by reading the file's text
 * and validating it with parseBenchConfigText — the caller shows every problem by path.
 */
import type { BenchConfig } from '../../bench/config/benchConfig.ts';

export function exportFileName(config: Pick<BenchConfig, 'id'>): string {
  // An id may hold characters a file name may not: they become '_'.
  return `${config.id.replace(/[\\/:*?"<>|\s]/g, '_')}.bench.json`;
}

export function exportText(config: BenchConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Starts the browser's download of the configuration. */
export function downloadConfig(config: BenchConfig, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([exportText(config)], { type: 'application/json' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = exportFileName(config);
  doc.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference to the blob once started.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
