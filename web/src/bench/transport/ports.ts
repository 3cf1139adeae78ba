/**
 * Where a port comes from in the browser (docs/bench-protocols.md, intro): `navigator.serial`
 * when the browser has Web Serial, else web-serial-polyfill over WebUSB (loaded only
 * then, so browsers with Web Serial never download it). Tests and the demo inject a port
 * instead (`createDemoPort`): `requestPort()` needs a person.
 */
import { BenchError } from '../errors.ts';
import type { SerialPortLike } from '../types.ts';

export type PortSource = 'web-serial' | 'webusb-polyfill';

export function availablePortSource(nav: Navigator = navigator): PortSource | null {
  if ('serial' in nav && nav.serial !== undefined) return 'web-serial';
  if ('usb' in nav) return 'webusb-polyfill';
  return null;
}

/** Asks the person to pick a port (must run in a user gesture). */
export async function requestSerialPort(filters: SerialPortFilter[] = []): Promise<SerialPortLike> {
  const source = availablePortSource();
  if (source === 'web-serial') return navigator.serial.requestPort({ filters });
  if (source === 'webusb-polyfill') {
    const { serial } = await import('web-serial-polyfill');
    return serial.requestPort({ filters });
  }
  throw new BenchError('port-unavailable', 'this browser can reach neither serial ports nor USB devices — use Chromium or Edge on the bench PC');
}

/** Ports the person already allowed (reconnect without a picker). */
export async function grantedSerialPorts(): Promise<SerialPortLike[]> {
  const source = availablePortSource();
  if (source === 'web-serial') return navigator.serial.getPorts();
  if (source === 'webusb-polyfill') {
    const { serial } = await import('web-serial-polyfill');
    return serial.getPorts();
  }
  return [];
}
