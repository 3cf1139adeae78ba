/**
 * Reading an enterprise's standing on the penalty ladder, wherever it was stored or sent
 * (docs/penalties.md "On the wire"): the ladder's body (`enterpriseStandingSchema`); a plain
 * standing string, as older servers sent it and as enterprises made before the ladder's
 * details are stored (`"normal"`); or anything else, which is read as the most restrictive
 * standing, revoked — a PC never issues on a guess (docs/rules.md R-ISSUE). The server reads
 * its own column with it too, so both sides read one way.
 */
import { enterpriseStandings, type EnterpriseStanding } from '../domain/penaltyLadder.ts';
import type { PenaltyStanding } from '../domain/penaltyStanding.ts';
import { enterpriseStandingSchema } from './protocol.ts';

function fromPlain(standing: EnterpriseStanding): PenaltyStanding {
  return {
    standing,
    // not said by a plain string; the ladder's body says it
    nonConformingSamplings: 0,
    salesStopped: standing === 'rectifying' || standing === 'pilot-stopped' || standing === 'revoked',
    blockedModels: [],
    lastDecision: null,
  };
}

export function readEnterpriseStanding(value: unknown): PenaltyStanding {
  const body = enterpriseStandingSchema.safeParse(value);
  if (body.success) return body.data;
  const plain = enterpriseStandings.find((s) => s === value);
  return fromPlain(plain ?? 'revoked');
}

/** The stored column (`enterprises.standing`, JSON text); unreadable JSON is read as revoked. */
export function readStoredStanding(json: string): PenaltyStanding {
  try {
    return readEnterpriseStanding(JSON.parse(json) as unknown);
  } catch {
    return readEnterpriseStanding(undefined);
  }
}
