/**
 * The people of docs/architecture.md "Who uses it", as roles. An enterprise's people
 * (operator … enterprise-admin) belong to one enterprise and see only its data; the
 * institute, the regulator and the admin are city-wide.
 */
export const roles = ['operator', 'verifier', 'approver', 'enterprise-admin', 'institute', 'regulator', 'admin'] as const;
export type Role = (typeof roles)[number];

export const enterpriseRoles: readonly Role[] = ['operator', 'verifier', 'approver', 'enterprise-admin'];
export const cityRoles: readonly Role[] = ['institute', 'regulator', 'admin'];
