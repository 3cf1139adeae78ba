/// <reference types="vite/client" />

/** Baked in by vite.config.ts from web/build/softwareId.ts (OIML D 31 software identification). */
declare const __SOFTWARE_ID__: { version: string; sha256: string };
/** The default regulation profile's id and version, baked in at build time. */
declare const __PROFILE_REF__: { id: string; version: string };
