/**
 * A simulated device as the demo port and the Node bench-sim see it: bytes in from the
 * app, bytes out through the sink the port gives it. Browser-safe.
 */
export interface SimDevice {
  /** bytes the app wrote */
  receive(bytes: Uint8Array): void;
  /** where the device writes; the port sets it when it opens */
  setOutput(output: ((bytes: Uint8Array) => void) | null): void;
  dispose(): void;
}
