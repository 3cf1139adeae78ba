/**
 * Meter types for the demo and for a bench PC that has not yet pulled its reference data
 * from the server. Nameplate values of typical household meters (docs/rules.md R-METER,
 * "typical household Q3"); a real installation uses the types the server sends.
 */
import type { MeterType } from '../../store/index.ts';

export const demoMeterTypes: readonly MeterType[] = [
  { model: 'LXS-15E', name: '旋翼式冷水水表', dn: 15, q3M3h: 2.5, r: 100, accuracyClass: 2, deltaL: 0.05, mapMpa: 1.0, manufacturer: '泰安示范水表有限公司' },
  { model: 'LXS-20E', name: '旋翼式冷水水表', dn: 20, q3M3h: 4, r: 100, accuracyClass: 2, deltaL: 0.05, mapMpa: 1.0, manufacturer: '泰安示范水表有限公司' },
  { model: 'LXS-25E', name: '旋翼式冷水水表', dn: 25, q3M3h: 6.3, r: 100, accuracyClass: 2, deltaL: 0.1, mapMpa: 1.0, manufacturer: '泰安示范水表有限公司' },
];
