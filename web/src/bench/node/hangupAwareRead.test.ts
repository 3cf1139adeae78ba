import { describe, expect, it } from 'vitest';
import { hangupAwareFsRead, type FsReadAsync } from './hangupAwareRead.ts';

const fakeRead = (bytesRead: number): FsReadAsync =>
  (async (_fd: number, buffer: Buffer) => ({ bytesRead, buffer })) as unknown as FsReadAsync;

describe('hangupAwareFsRead', () => {
  it('passes data through', async () => {
    const buffer = Buffer.alloc(8);
    await expect(hangupAwareFsRead(fakeRead(5))(3, buffer, 0, 8, null)).resolves.toEqual({ bytesRead: 5, buffer });
  });

  it('turns end of file into ENXIO, which the binding treats as a disconnect (not a retry for ever)', async () => {
    await expect(hangupAwareFsRead(fakeRead(0))(3, Buffer.alloc(8), 0, 8, null)).rejects.toMatchObject({ code: 'ENXIO' });
  });

  it('a zero-length request reading zero bytes is not a hang-up', async () => {
    await expect(hangupAwareFsRead(fakeRead(0))(3, Buffer.alloc(8), 0, 0, null)).resolves.toMatchObject({ bytesRead: 0 });
  });
});
