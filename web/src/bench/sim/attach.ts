/**
 * Runs a simulated device on the far end of any Web-Serial-shaped port (a pty opened
 * with the Node adapter, for `npm run bench-sim`): what the port reads goes to the
 * device, what the device writes goes to the port. Same simulator core as the demo bench.
 */
import type { SerialPortLike } from '../types.ts';
import type { SimDevice } from './device.ts';

export interface Attachment {
  /** resolves when the port stops reading (closed or lost) */
  done: Promise<void>;
  detach(): Promise<void>;
}

export function attachSim(device: SimDevice, port: SerialPortLike): Attachment {
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let writes: Promise<void> = Promise.resolve();
  let active = true;
  device.setOutput((bytes) => {
    const w = port.writable;
    if (w === null || !active) return;
    writes = writes.then(async () => {
      const writer = w.getWriter();
      try {
        await writer.write(bytes);
      } catch {
        // the port went away: the bench's words are lost, as on a real line
      } finally {
        writer.releaseLock();
      }
    });
  });
  const done = (async () => {
    while (active && port.readable !== null) {
      reader = port.readable.getReader();
      try {
        for (;;) {
          const { value, done: end } = await reader.read();
          if (end) return;
          device.receive(value);
        }
      } catch {
        return;
      } finally {
        reader.releaseLock();
        reader = null;
      }
    }
  })();
  return {
    done,
    detach: async () => {
      active = false;
      device.setOutput(null);
      await reader?.cancel().catch(() => undefined);
      await done;
      await writes;
    },
  };
}
