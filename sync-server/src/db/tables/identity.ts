/**
 * Kysely row types of the identity tables (migration ../migrations/002_identity.ts).
 * JSON columns are TEXT: `standing` (domain EnterpriseStanding, as a JSON string), `roles`
 * (Role[]), `public_key_jwk` (PublicKeyJwk), `body` (protocol authorisationSchema /
 * meterTypeSchema). Instants are ISO strings from the injected clock.
 */
export interface EnterpriseRow {
  id: string;
  name: string;
  /** JSON of the domain EnterpriseStanding, e.g. `"normal"` */
  standing: string;
  created_at: string;
  updated_at: string;
}

export interface UserRow {
  id: string;
  enterprise_id: string | null;
  username: string;
  display_name: string;
  /** `scrypt$N$r$p$salt$hash` (identity/password.ts) */
  password_hash: string;
  /** JSON Role[] */
  roles: string;
  created_at: string;
  disabled_at: string | null;
}

export interface DeviceRow {
  device_id: string;
  enterprise_id: string;
  kid: string;
  /** JSON PublicKeyJwk */
  public_key_jwk: string;
  label: string | null;
  status: 'active' | 'revoked';
  /** SHA-256 hex of the bearer token */
  token_hash: string;
  enrolled_at: string;
  /** the user id that made the enrolment code */
  enrolled_by: string;
  revoked_at: string | null;
  revoked_reason: string | null;
  /** last authenticated request (updated at most once a minute) */
  last_seen_at: string | null;
  /** enrolment or revocation: the pull cursor of the device list */
  updated_at: string;
}

export interface EnrolmentCodeRow {
  /** SHA-256 hex of the normalised code */
  code_hash: string;
  enterprise_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by_device: string | null;
}

export interface AuthorisationRow {
  id: string;
  enterprise_id: string;
  certificate_no: string;
  /** JSON of protocol authorisationSchema */
  body: string;
  updated_at: string;
}

export interface MeterTypeRow {
  enterprise_id: string;
  model: string;
  /** JSON of protocol meterTypeSchema */
  body: string;
  updated_at: string;
}

export interface BenchRow {
  enterprise_id: string;
  id: string;
  name: string;
  u_rel_pct: number | null;
  updated_at: string;
}

export interface WebSessionRow {
  /** SHA-256 hex of the cookie's random id */
  id_hash: string;
  user_id: string;
  /** the synchronizer token sent back as `x-csrf-token` */
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** Failed logins per username (on top of the per-address limit of the route). */
export interface LoginThrottleRow {
  username: string;
  failures: number;
  first_failure_at: string;
  locked_until: string | null;
}

export interface IdentityTables {
  enterprises: EnterpriseRow;
  users: UserRow;
  devices: DeviceRow;
  enrolment_codes: EnrolmentCodeRow;
  authorisations: AuthorisationRow;
  meter_types: MeterTypeRow;
  benches: BenchRow;
  web_sessions: WebSessionRow;
  login_throttle: LoginThrottleRow;
}
