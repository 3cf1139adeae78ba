/**
 * The demo enterprise (README "try it"): made when `config.demo` and the database has no
 * enterprise yet, so a second start changes nothing. Demo-only people with the password
 * `demo` — a real installation starts with `--no-demo` and `--first-admin`.
 */
import type { AppDeps } from '../deps.ts';
import { addMonths, lastDayOfYears, pilotDate } from '../../../web/src/domain/index.ts';
import { defaultProfile } from '../../../web/src/domain/profile/defaultProfile.ts';
import { demoMeterTypes } from '../../../web/src/ui/bench/demoMeterTypes.ts';
import { first, qb } from '../db/sql.ts';
import { putBench, putMeterType } from '../identity/reference.ts';
import { seedAuthorisation } from '../supervision/authorisationStore.ts';
import type { Role } from '../identity/roles.ts';
import { createUser, findUserByName, insertEnterprise } from '../identity/store.ts';

export const demoEnterprise = { id: 'demo', name: '泰安示范水表有限公司（演示）' } as const;
export const demoPassword = 'demo';
export const demoBench = { id: 'DEMO-BENCH', name: '演示检定台', uRelPct: 0.2 } as const;

export const demoUsers: readonly { username: string; displayName: string; roles: Role[]; enterprise: boolean }[] = [
  { username: 'admin', displayName: '系统管理员（演示）', roles: ['admin'], enterprise: false },
  { username: 'ent-admin', displayName: '企业管理员（演示）', roles: ['enterprise-admin'], enterprise: true },
  { username: 'operator', displayName: '检定员（演示）', roles: ['operator', 'verifier', 'approver'], enterprise: true },
  { username: 'regulator', displayName: '市场监管局（演示）', roles: ['regulator'], enterprise: false },
  { username: 'institute', displayName: '法定计量检定机构（演示）', roles: ['institute'], enterprise: false },
  // the institute's inspectors, so the demo's 双随机 draws its inspectors from more than one (docs/sampling.md)
  { username: 'inspector-li', displayName: '检定员 李工（法定计量检定机构，演示）', roles: ['institute'], enterprise: false },
  { username: 'inspector-zhao', displayName: '检定员 赵工（法定计量检定机构，演示）', roles: ['institute'], enterprise: false },
];

/**
 * The demo authorisation: issued a month before today (the pilot's civil date of the
 * injected clock), so it is in force for the next three years of the demo whatever the date.
 * Dressed as a real certificate (docs/authorisations.md): number, category, the demo's
 * models, the printed 有效期至 and the supervising institute.
 */
export function demoAuthorisation(now: Date) {
  const issuedOn = addMonths(pilotDate(now, defaultProfile), -1);
  return {
    id: 'demo-auth-2026-001',
    enterpriseId: demoEnterprise.id,
    certificateNo: `（鲁）法计〔${issuedOn.slice(0, 4)}〕二检合一第001号`,
    category: '专项计量授权（二检合一）',
    issuedOn,
    expiresOn: lastDayOfYears(issuedOn, defaultProfile.authorisation.value.validityYears),
    scope: { minDn: 15, maxDn: 40, categories: ['cold-potable-water-meter'], models: demoMeterTypes.map((t) => t.model) },
    institute: '泰安市法定计量检定机构（演示）',
  };
}

/** True when it made the demo enterprise now; false when the database already had an enterprise. */
export async function seedDemo(deps: AppDeps): Promise<boolean> {
  if (first(deps.db, qb.selectFrom('enterprises').select('id').limit(1))) return false;
  // The password hashes are made first (async); the rows then go in one transaction.
  const people = [];
  for (const u of demoUsers) {
    if (findUserByName(deps, u.username)) continue; // e.g. a --first-admin called admin
    people.push(u);
  }
  deps.db.transaction(() => {
    insertEnterprise(deps, demoEnterprise);
    seedAuthorisation(deps, demoAuthorisation(deps.clock()), '市场监管局（演示）');
    for (const t of demoMeterTypes) putMeterType(deps, demoEnterprise.id, { ...t });
    putBench(deps, demoEnterprise.id, demoBench);
  })();
  for (const u of people) {
    await createUser(deps, { username: u.username, displayName: u.displayName, password: demoPassword, roles: u.roles, enterpriseId: u.enterprise ? demoEnterprise.id : null });
  }
  deps.log.info({ enterpriseId: demoEnterprise.id, users: people.map((u) => u.username) }, 'demo enterprise and demo users created (password "demo": demo only)');
  return true;
}
