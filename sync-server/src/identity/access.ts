/**
 * Who may do what (docs/sync.md "Access": the roles × endpoints table). Every route names
 * one of these lists; a route on an enterprise's data also passes `enterpriseScope`, so an
 * enterprise's people reach only their own enterprise whatever their role.
 */
import type { Role } from './roles.ts';

const enterprisePeople: readonly Role[] = ['operator', 'verifier', 'approver', 'enterprise-admin'];

export const access = {
  /** the enterprise list and one enterprise (enterprise people: their own only) */
  readEnterprises: [...enterprisePeople, 'institute', 'regulator', 'admin'],
  createEnterprise: ['admin'],
  /** name (admin) and standing on the penalty ladder (regulator, admin) */
  updateEnterprise: ['regulator', 'admin'],
  /** people: the admin everywhere, an enterprise admin in their own enterprise */
  manageUsers: ['enterprise-admin', 'admin'],
  /** enrolment codes, the device list, revocation */
  manageDevices: ['enterprise-admin', 'admin'],
  readDevices: ['enterprise-admin', 'institute', 'regulator', 'admin'],
  /** meter types, benches, authorisations (what a bench PC pulls) */
  readReference: [...enterprisePeople, 'institute', 'regulator', 'admin'],
  writeMeterTypesAndBenches: ['enterprise-admin', 'admin'],
  writeAuthorisations: ['regulator', 'admin'],
  // ── supervision (docs/supervision.md) ──
  /** the authorisation register, its events, renewal requests (enterprise people: their own) */
  readSupervision: [...enterprisePeople, 'institute', 'regulator', 'admin'],
  /** an enterprise admin asks for renewal in the window before expiry */
  requestRenewal: ['enterprise-admin'],
  /** register / suspend / reinstate / revoke an authorisation, grant or refuse a renewal */
  decideAuthorisations: ['regulator'],
  /** the penalty ladder's decisions (rectification accepted / failed, revocation) */
  decidePenalties: ['regulator'],
  /** publish a sampling's seeds, draw, conclude */
  manageSamplings: ['regulator'],
  /** samplings and their results (the enterprise sees its own once drawn) */
  readSamplings: ['enterprise-admin', 'approver', 'institute', 'regulator', 'admin'],
  /** the institute records the sampled meters' results */
  recordSamplingResults: ['institute'],
  /** define a recall (the enterprise at a systematic inaccuracy risk, or the regulator ordering it) */
  defineRecalls: ['enterprise-admin', 'regulator'],
  /** mark an affected meter recalled or replaced */
  markRecalledMeters: ['enterprise-admin'],
  readRecalls: ['enterprise-admin', 'approver', 'verifier', 'institute', 'regulator', 'admin'],
  /** risk early-warning alerts and the raw lines they cite */
  readRisk: ['institute', 'regulator', 'admin'],
  acknowledgeRisk: ['regulator'],
} as const satisfies Record<string, readonly Role[]>;
