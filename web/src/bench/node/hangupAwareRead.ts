/**
 * A hung-up serial device must be device loss, never a silent spin. On Linux a pty (and a
 * USB adapter being torn down) may answer read() with 0 bytes — end of file — once its other
 * side is gone, instead of EIO. The `serialport` binding (bindings-cpp `unixRead`) treats a
 * 0-byte read as "try again" and recurses at once, for ever: no 'close' event, no error, a
 * core at 100 %, and the app waits on a bench that will never answer (the flaky "bench
 * process dying" test caught it: see test/bench-pty.test.ts).
 *
 * This wraps the open port's `read` so that a 0-byte read of a non-empty request is an
 * ENXIO error, which the binding marks as a disconnect: the stream closes with a
 * DisconnectedError and the adapter reports a NetworkError, as Chromium's Web Serial does
 * on a pulled cable (docs/bench-protocols.md, robustness).
 */
import { read } from 'node:fs';
import { promisify } from 'node:util';
import type { LinuxPortBinding } from '@serialport/bindings-cpp';
// bindings-cpp has no "exports" map: its read loop is reached by path, typed by its own .d.ts
import { unixRead } from '@serialport/bindings-cpp/dist/unix-read.js';

const readAsync = promisify(read);

export type FsReadAsync = typeof readAsync;

/** fs.read that turns end of file (0 bytes for a non-empty request) into a disconnect error. */
export function hangupAwareFsRead(fsRead: FsReadAsync = readAsync): FsReadAsync {
  const wrapped = async (fd: number, buffer: Buffer, offset: number, length: number, position: number | null) => {
    const r = await fsRead(fd, buffer, offset, length, position);
    if (r.bytesRead === 0 && length > 0) {
      throw Object.assign(new Error('the serial device hung up (end of file on read)'), { code: 'ENXIO' });
    }
    return r;
  };
  return wrapped as unknown as FsReadAsync;
}

interface UnixPortLike {
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
  isOpen: boolean;
}

/** Replaces `port.read` of an open unix binding port; other platforms are left as they are. */
export function makeReadsHangupAware(port: unknown, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32' || typeof port !== 'object' || port === null || !('read' in port)) return;
  const p = port as UnixPortLike;
  const fsReadAsync = hangupAwareFsRead();
  p.read = async (buffer, offset, length) => {
    if (!p.isOpen) throw new Error('Port is not open');
    return unixRead({ binding: p as unknown as LinuxPortBinding, buffer, offset, length, fsReadAsync });
  };
}
