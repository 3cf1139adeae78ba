import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hrefOf, parseRoute, type Route } from './route.ts';

describe('routes', () => {
  it.each([
    ['', { view: 'home' }],
    ['#/', { view: 'home' }],
    ['#/bench?speed=400', { view: 'bench' }],
    ['#/stats?n=1000', { view: 'stats' }],
    ['#/about', { view: 'about' }],
    ['#/batches', { view: 'batches' }],
    ['#/batches/B-2026-001', { view: 'batch', batchId: 'B-2026-001' }],
    ['#/batches/B-2026-001/certificate', { view: 'certificate', batchId: 'B-2026-001' }],
    ['#/batches/B-2026-001/notice', { view: 'notice', batchId: 'B-2026-001' }],
    ['#/batches/B-2026-001/labels', { view: 'labels', batchId: 'B-2026-001' }],
    ['#/meters/LXS%2F15%23001', { view: 'meter', serial: 'LXS/15#001' }],
    ['#/sessions', { view: 'sessions' }],
    ['#/sessions/5f0c%2Fx', { view: 'session', sessionId: '5f0c/x' }],
    ['#/sync', { view: 'sync' }],
    ['#/admin', { view: 'admin' }],
    ['#/regulator?from=2026-11-01&to=2026-11-30', { view: 'regulator' }],
  ] as const)('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it.each(['#/nowhere', '#/sync/x', '#/admin/devices', '#/batches/B/x', '#/meters/', '#/meters/%E0%A4%A', '#/batches/B/certificate/more'])('%s is not a place: home', (hash) => {
    expect(parseRoute(hash)).toEqual({ view: 'home' });
  });

  it('any batch id or serial survives hrefOf → parseRoute', () => {
    const id = fc.string({ minLength: 1 }).filter((s) => s.trim() !== '');
    const route: fc.Arbitrary<Route> = fc.oneof(
      id.map((batchId) => ({ view: 'batch' as const, batchId })),
      id.map((batchId) => ({ view: 'certificate' as const, batchId })),
      id.map((batchId) => ({ view: 'notice' as const, batchId })),
      id.map((batchId) => ({ view: 'labels' as const, batchId })),
      id.map((serial) => ({ view: 'meter' as const, serial })),
      id.map((sessionId) => ({ view: 'session' as const, sessionId })),
    );
    fc.assert(
      fc.property(route, (r) => {
        expect(parseRoute(hrefOf(r))).toEqual(r);
      }),
    );
  });
});
