import type { Migration } from './migration.ts';

/**
 * Identity, devices and the reference data a bench PC pulls (docs/sync.md "Access",
 * "Enrolment", "Pull"). Secrets are kept only as SHA-256 (device tokens, enrolment codes,
 * session ids) or scrypt (passwords). `updated_at` columns are the pull cursor of sync/.
 */
export const m002: Migration = {
  version: 2,
  name: 'identity, devices and reference data',
  sql: `
CREATE TABLE enterprises (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  standing TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  enterprise_id TEXT NULL REFERENCES enterprises(id),
  username TEXT UNIQUE NOT NULL,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  roles TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT NULL
) STRICT;
CREATE INDEX users_enterprise ON users(enterprise_id);

CREATE TABLE devices (
  device_id TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
  kid TEXT NOT NULL,
  public_key_jwk TEXT NOT NULL,
  label TEXT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
  token_hash TEXT UNIQUE NOT NULL,
  enrolled_at TEXT NOT NULL,
  enrolled_by TEXT NOT NULL,
  revoked_at TEXT NULL,
  revoked_reason TEXT NULL,
  last_seen_at TEXT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX devices_enterprise ON devices(enterprise_id, updated_at);
-- one key, one device: a key copied under a second device id is refused at enrolment
CREATE UNIQUE INDEX devices_kid ON devices(kid);

CREATE TABLE enrolment_codes (
  code_hash TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT NULL,
  used_by_device TEXT NULL
) STRICT;
CREATE INDEX enrolment_codes_enterprise ON enrolment_codes(enterprise_id, created_at);

CREATE TABLE authorisations (
  id TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
  certificate_no TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX authorisations_enterprise ON authorisations(enterprise_id, updated_at);

CREATE TABLE meter_types (
  enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
  model TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (enterprise_id, model)
) STRICT;

CREATE TABLE benches (
  enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  u_rel_pct REAL NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (enterprise_id, id)
) STRICT;

CREATE TABLE web_sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX web_sessions_user ON web_sessions(user_id);

CREATE TABLE login_throttle (
  username TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  first_failure_at TEXT NOT NULL,
  locked_until TEXT NULL
) STRICT;
`,
};
