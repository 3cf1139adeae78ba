/**
 * The identity API's bodies (docs/sync.md "Access"): zod schemas for what the server takes,
 * and the shapes it answers with. The PWA's admin screens import the types from here
 * (type-only), so both sides agree by construction. Enrolment itself is in the shared sync
 * protocol (web/src/sync/protocol.ts).
 */
import { z } from 'zod';
import { authorisationSchema, meterTypeSchema } from '../../../web/src/sync/protocol.ts';
import { roles, type Role } from './roles.ts';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (up to 64)');

export const enterpriseStandings = ['normal', 'batch-returned', 'rectifying', 'pilot-stopped', 'revoked'] as const;

export const loginBodySchema = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const enterpriseBodySchema = z.strictObject({
  id,
  name: z.string().min(1).max(200),
  standing: z.enum(enterpriseStandings).optional(),
});

export const enterprisePatchSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  standing: z.enum(enterpriseStandings).optional(),
});

export const userBodySchema = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, 'letters, digits, . _ - (2 to 64)'),
  displayName: z.string().min(1).max(100),
  password: z.string().min(8).max(200),
  roles: z.array(z.enum(roles)).min(1),
  /** null for the city-wide roles (institute, regulator, admin) */
  enterpriseId: z.string().nullable(),
});

export const revokeBodySchema = z.strictObject({
  reason: z.string().trim().min(1).max(500),
});

export const meterTypeBodySchema = meterTypeSchema;

export const benchBodySchema = z.strictObject({
  name: z.string().min(1).max(200),
  uRelPct: z.number().positive().max(10).nullable(),
});

export const authorisationBodySchema = authorisationSchema;

export const enterpriseParams = z.strictObject({ id: z.string().min(1).max(64) });

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  enterpriseId: string | null;
  roles: Role[];
  createdAt: string;
  disabledAt: string | null;
}

export interface SessionView {
  user: UserView;
  /** send back as `x-csrf-token` on every write */
  csrfToken: string;
  expiresAt: string;
}

export interface EnterpriseView {
  id: string;
  name: string;
  standing: (typeof enterpriseStandings)[number];
  createdAt: string;
  updatedAt: string;
}

export interface DeviceView {
  deviceId: string;
  enterpriseId: string;
  kid: string;
  label: string | null;
  status: 'active' | 'revoked';
  enrolledAt: string;
  /** the user id of the admin whose code enrolled it */
  enrolledBy: string;
  revokedAt: string | null;
  revokedReason: string | null;
  lastSeenAt: string | null;
}

export interface EnrolmentCodeView {
  /** shown once: the server keeps only its hash */
  code: string;
  enterpriseId: string;
  expiresAt: string;
}

export interface EnrolmentCodeListItem {
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  usedByDevice: string | null;
}
