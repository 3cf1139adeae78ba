/**
 * Enterprises and people (docs/sync.md "Access"): the admin makes enterprises and anyone;
 * an enterprise admin makes and disables the people of their own enterprise only.
 */
import { z } from 'zod';
import type { ApiApp } from '../app.ts';
import type { AppDeps } from '../deps.ts';
import { all, first, qb, run } from '../db/sql.ts';
import { HttpError } from '../errors.ts';
import { access } from './access.ts';
import { enterpriseBodySchema, enterpriseParams, enterprisePatchSchema, userBodySchema } from './api.ts';
import { enterpriseScope, requireUser } from './guards.ts';
import { closeSessionsOf } from './sessions.ts';
import { createUser, enterpriseView, existingEnterprise, findEnterprise, insertEnterprise, listUsers, userView } from './store.ts';

export function peopleRoutes(app: ApiApp, deps: AppDeps): void {
  app.get('/api/enterprises', async (req) => {
    const user = requireUser(deps, req, access.readEnterprises);
    let q = qb.selectFrom('enterprises').selectAll().orderBy('id');
    if (user.enterpriseId !== null) q = q.where('id', '=', user.enterpriseId);
    return { enterprises: all(deps.db, q).map(enterpriseView) };
  });

  app.post('/api/enterprises', { schema: { body: enterpriseBodySchema } }, async (req, reply) => {
    requireUser(deps, req, access.createEnterprise);
    if (findEnterprise(deps, req.body.id)) throw new HttpError(409, 'exists', `enterprise ${req.body.id} exists`);
    const row = insertEnterprise(deps, req.body);
    return reply.code(201).send(enterpriseView(row));
  });

  app.get('/api/enterprises/:id', { schema: { params: enterpriseParams } }, async (req) => {
    const user = requireUser(deps, req, access.readEnterprises);
    return enterpriseView(existingEnterprise(deps, enterpriseScope(user, req.params.id)));
  });

  app.patch('/api/enterprises/:id', { schema: { params: enterpriseParams, body: enterprisePatchSchema } }, async (req) => {
    const user = requireUser(deps, req, access.updateEnterprise);
    const row = existingEnterprise(deps, enterpriseScope(user, req.params.id));
    if (req.body.name !== undefined && !user.roles.includes('admin')) throw new HttpError(403, 'forbidden', 'only the admin renames an enterprise');
    // The standing is the replay of the penalty ladder's dated events (docs/penalties.md):
    // set directly it would have no date, reason or 文号, and the next event would overwrite it.
    if (req.body.standing !== undefined) throw new HttpError(409, 'standing-by-ladder', 'the standing follows the penalty ladder: record the decision as an event (POST /api/supervision/penalties/:enterpriseId/events)');
    const values = {
      name: req.body.name ?? row.name,
      standing: row.standing,
      updated_at: deps.clock().toISOString(),
    };
    run(deps.db, qb.updateTable('enterprises').set(values).where('id', '=', row.id));
    return enterpriseView({ ...row, ...values });
  });

  app.get('/api/users', { schema: { querystring: z.strictObject({ enterpriseId: z.string().optional() }) } }, async (req) => {
    const user = requireUser(deps, req, access.manageUsers);
    // The admin sees everyone (or one enterprise); an enterprise admin only their own people.
    const scope = user.enterpriseId ?? req.query.enterpriseId ?? null;
    if (user.enterpriseId !== null) enterpriseScope(user, req.query.enterpriseId ?? null);
    return { users: listUsers(deps, scope).map(userView) };
  });

  app.post('/api/users', { schema: { body: userBodySchema } }, async (req, reply) => {
    const user = requireUser(deps, req, access.manageUsers);
    let enterpriseId = req.body.enterpriseId;
    if (user.enterpriseId !== null) {
      // an enterprise admin: their own enterprise, enterprise roles only (checkRolesFit)
      enterpriseId = enterpriseScope(user, enterpriseId);
    }
    if (enterpriseId !== null) existingEnterprise(deps, enterpriseId);
    const row = await createUser(deps, { ...req.body, enterpriseId });
    return reply.code(201).send(userView(row));
  });

  app.post('/api/users/:userId/disable', { schema: { params: z.strictObject({ userId: z.string().min(1).max(64) }) } }, async (req) => {
    const user = requireUser(deps, req, access.manageUsers);
    const target = first(deps.db, qb.selectFrom('users').selectAll().where('id', '=', req.params.userId));
    if (!target) throw new HttpError(404, 'not-found', 'no such user');
    if (user.enterpriseId !== null) {
      if (target.enterprise_id === null) throw new HttpError(403, 'forbidden', 'another enterprise');
      enterpriseScope(user, target.enterprise_id);
    }
    if (target.id === user.userId) throw new HttpError(409, 'self', 'you cannot disable yourself');
    const disabledAt = target.disabled_at ?? deps.clock().toISOString();
    run(deps.db, qb.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', target.id));
    closeSessionsOf(deps, target.id);
    return userView({ ...target, disabled_at: disabledAt });
  });
}
