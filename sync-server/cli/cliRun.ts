/**
 * How every command-line tool ends: exit code from `main`, usage errors as one line on
 * stderr with exit 2, anything unexpected as an internal error (70, EX_SOFTWARE), and a
 * reader that stops early (`| head`) is not an error.
 */
export const EXIT_USAGE = 2;
const EXIT_INTERNAL = 70;

/** A mistake in how the command was called (arguments, unreadable file). */
export class UsageError extends Error {}

export function runCli(main: (argv: readonly string[]) => Promise<number>): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        process.stderr.write(`error: ${err.message}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT_INTERNAL;
    },
  );
}
