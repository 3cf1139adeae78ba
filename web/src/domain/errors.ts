/**
 * Typed errors of the rules engine (docs/architecture.md, house rules: one shape, a stable `code` that callers
 * switch on; the message is for people and is never parsed).
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A value handed to a rule is outside what the rule is defined for (e.g. Va ≤ 0). */
export class InvalidInputError extends DomainError {
  readonly code = 'invalid-input';

  constructor(
    /** the argument or field at fault, e.g. `reference.pulsesPerL` */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** One thing wrong in a regulation profile, located by its path. */
export interface ProfileIssue {
  /** dotted path inside the profile JSON, e.g. `mpe.value.class2.lower`; `(root)` for the whole */
  path: string;
  message: string;
}

/** A regulation profile does not validate against `profileSchema`. */
export class ProfileError extends DomainError {
  readonly code = 'invalid-profile';

  constructor(readonly issues: readonly ProfileIssue[]) {
    super(`invalid regulation profile: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}
