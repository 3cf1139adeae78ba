/**
 * The server's synchronous hashes are the PC's (sync-server/src/sync/hashing.ts): the same
 * answers as `lineHash` and `bytesHash` of web/src/store, for any line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineHashSync, bytesHashSync } from '../../sync-server/src/sync/hashing.ts';
import { lineHash } from '../../web/src/store/chain.ts';
import { bytesHash, signedBytes } from '../../web/src/store/signing.ts';

const line = fc.record({
  deviceId: fc.uuid(),
  seq: fc.integer({ min: 1, max: 2 ** 40 }),
  connectionId: fc.string(),
  sessionId: fc.option(fc.string(), { nil: null }),
  direction: fc.constantFrom('in' as const, 'out' as const),
  text: fc.string({ unit: 'binary' }),
  receivedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
});

describe('the server hashes as the PC does', () => {
  it('lineHashSync = lineHash', async () => {
    await fc.assert(
      fc.asyncProperty(line, async (l) => {
        expect(lineHashSync(l)).toBe(await lineHash(l));
      }),
      { numRuns: 200 },
    );
  });
  it('bytesHashSync = bytesHash over signed bytes', async () => {
    await fc.assert(fc.asyncProperty(line, async (l) => {
      const bytes = signedBytes(l);
      expect(bytesHashSync(bytes)).toBe(await bytesHash(bytes));
    }), { numRuns: 100 });
  });
});
