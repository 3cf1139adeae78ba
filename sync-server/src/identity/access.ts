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
} as const satisfies Record<string, readonly Role[]>;
