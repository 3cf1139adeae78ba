/** The command line every benchmark shares: `--smoke` (small n, seconds: npm test runs it) and `--name N`. */
export const SMOKE = process.argv.includes('--smoke');

/** `--name N`, else the full run's figure, or the smoke run's with --smoke. */
export function arg(name: string, full: number, smoke: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i === -1 ? undefined : Number(process.argv[i + 1]);
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : SMOKE ? smoke : full;
}
