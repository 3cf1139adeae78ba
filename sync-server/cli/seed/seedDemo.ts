/**
 * Seeds a sync server with demo verifications through the real protocol (issue 12 item 7;
 * docs/sync.md): a synthetic bench PC (syntheticDevice.ts) is enrolled with a one-time code
 * made by an enterprise admin, and its sessions are signed, pushed page by page and
 * re-verified by the server like any PC's. Used by `npm run demo:seed` and the sync benchmark.
 */
import type { MeterType } from '../../../web/src/store/referenceTypes.ts';
import { demoMeterTypes } from '../../../web/src/ui/bench/demoMeterTypes.ts';
import { enrolDevice, push, refusals, type PersonSession } from './serverApi.ts';
import { SyntheticDevice, syntheticStart, type SyntheticOptions } from './syntheticDevice.ts';
import type { SyntheticTiming } from './syntheticTiming.ts';
import { SyntheticPager } from './syntheticPages.ts';
import type { PushRequest } from '../../../web/src/sync/protocol.ts';

export interface SeedOptions {
  baseUrl: string;
  /** an enterprise admin of `enterpriseId` (or an admin), signed in */
  person: PersonSession;
  enterpriseId: string;
  meters: number;
  /**
   * the synthetic device's last record is dated a minute before this instant, its start as
   * long before as its sessions take (`syntheticStart`; about 70 minutes per ten DN15 meters)
   */
  until: Date;
  /** `forged`: runs faster than a bench can and Va ≠ flow × duration (for the risk detectors' tests) */
  timing?: SyntheticTiming;
  meterType?: MeterType;
  seed?: number;
  serialPrefix?: string;
  batchPrefix?: string;
  label?: string;
  onProgress?: (p: SeedProgress) => void;
}

export interface SeedProgress {
  verificationsPushed: number;
  meters: number;
}

export interface SeedResult {
  deviceId: string;
  pages: number;
  verifications: number;
  passed: number;
  lines: number;
  /** what the server refused, one line each (an honest seed has none) */
  refused: string[];
  /** the serial numbers made, first and last */
  serials: { first: string; last: string };
  /** the device's first record's time (`syntheticStart`) */
  start: Date;
}

/** Makes every page of a new synthetic device in memory (the load benchmark pushes them later). */
export async function makeDevicePages(
  o: Omit<SeedOptions, 'baseUrl' | 'person' | 'enterpriseId' | 'onProgress'>,
): Promise<{ device: SyntheticDevice; start: Date; pages: PushRequest[]; passed: number; lines: number; serials: string[] }> {
  const options: Omit<SyntheticOptions, 'start'> = {
    meters: o.meters,
    meterType: o.meterType ?? demoMeterTypes[0]!,
    ...(o.timing === undefined ? {} : { timing: o.timing }),
    ...(o.seed === undefined ? {} : { seed: o.seed }),
  };
  const start = syntheticStart(options, o.until);
  const device = await SyntheticDevice.create({
    ...options,
    start,
    ...(o.serialPrefix === undefined ? {} : { serialPrefix: o.serialPrefix }),
    ...(o.batchPrefix === undefined ? {} : { batchPrefix: o.batchPrefix }),
  });
  const pager = new SyntheticPager(device.deviceId);
  pager.addRecords(await device.enrolment());
  const pages: PushRequest[] = [];
  let passed = 0;
  let lines = 0;
  const serials: string[] = [];
  for (let chunk = await device.nextSession(); chunk; chunk = await device.nextSession()) {
    passed += chunk.verdicts.filter((v) => v.passed).length;
    lines += chunk.lines.length;
    serials.push(...chunk.verdicts.map((v) => v.serial));
    const full = pager.add(chunk);
    if (full) pages.push(full);
  }
  const last = pager.flush();
  if (last) pages.push(last);
  return { device, start, pages, passed, lines, serials };
}

export async function enrolSynthetic(o: Pick<SeedOptions, 'baseUrl' | 'person' | 'enterpriseId' | 'label'>, device: SyntheticDevice): Promise<string> {
  const code = await o.person.enrolmentCode(o.enterpriseId);
  const enrolled = await enrolDevice(o.baseUrl, code, device.deviceId, device.device.publicKeyJwk, o.label ?? 'demo-seed');
  return enrolled.token;
}

export async function seedDemo(o: SeedOptions): Promise<SeedResult> {
  const { device, start, pages, passed, lines, serials } = await makeDevicePages(o);
  const token = await enrolSynthetic(o, device);
  const refused: string[] = [];
  let verifications = 0;
  for (const page of pages) {
    const answer = await push(o.baseUrl, token, page);
    refused.push(...refusals(answer));
    verifications += page.items.filter((i) => i.kind === 'record' && (i.body as { type?: string }).type === 'erjian.verification/2').length;
    o.onProgress?.({ verificationsPushed: verifications, meters: o.meters });
  }
  return { deviceId: device.deviceId, pages: pages.length, verifications, passed, lines, refused, serials: { first: serials[0] ?? '', last: serials.at(-1) ?? '' }, start };
}
