/**
 * What this build is: the software identification baked in at build time
 * (web/build/softwareId.ts) and the default regulation profile. Shown in the About
 * panel and stamped on records and certificates (OIML D 31 §6.2.2).
 */
export const softwareIdentity = {
  version: __SOFTWARE_ID__.version,
  sha256: __SOFTWARE_ID__.sha256,
  profile: __PROFILE_REF__,
} as const;

/** The first 8 hex digits, how a person reads the checksum aloud to an inspector. */
export function shortChecksum(sha256: string): string {
  return sha256.slice(0, 8);
}
