import type { Migration } from './migration.ts';

/**
 * Supervision (sync-server/src/supervision/, docs/supervision.md): the regulator's register
 * of authorisations and their dated status changes, renewal requests, the penalty ladder's
 * dated events, 双随机 samplings (seed published before the candidates are fixed), the
 * institute's results, recalls (definition, affected meters, each meter's history) and the
 * risk early-warning alerts. Append-only where it is a record of a decision: events and
 * results are never updated; a correction is a new row that says why.
 */
export const m006: Migration = {
  version: 6,
  name: 'supervision: authorisation register, penalty ladder, sampling, recalls, risk alerts',
  sql: `
/* every status change of an authorisation: who decided, when, why, under which reference */
CREATE TABLE authorisation_events (
  id INTEGER PRIMARY KEY,
  authorisation_id TEXT NOT NULL REFERENCES authorisations(id),
  enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
  /* registered | renewed | suspended | reinstated | revoked | expired-noted | amended */
  kind TEXT NOT NULL,
  /* the civil date of the decision (Asia/Shanghai) */
  decided_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  /* the decision's document number (文号), when there is one */
  reference TEXT NULL,
  details TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX authorisation_events_auth ON authorisation_events (authorisation_id, id);

CREATE TABLE renewal_requests (
  id TEXT PRIMARY KEY,
  authorisation_id TEXT NOT NULL REFERENCES authorisations(id),
  enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  note TEXT NOT NULL,
  /* open | granted | refused */
  status TEXT NOT NULL,
  decided_by TEXT NULL,
  decided_at TEXT NULL,
  decision_reason TEXT NULL
) STRICT;
CREATE INDEX renewal_requests_auth ON renewal_requests (authorisation_id, requested_at);

/* the penalty ladder's events per enterprise, in order; the standing is their replay (domain penaltyLadder) */
CREATE TABLE penalty_events (
  id INTEGER PRIMARY KEY,
  enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
  /* the domain's PenaltyEvent as JSON (type, date, reason, decidedBy, reference, model …) */
  body TEXT NOT NULL,
  type TEXT NOT NULL,
  event_date TEXT NOT NULL,
  /* published on the public announcement page (一公开) */
  published INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX penalty_events_enterprise ON penalty_events (enterprise_id, id);

/* one 双随机 sampling: the seeds are fixed and published before the candidates are */
CREATE TABLE samplings (
  id TEXT PRIMARY KEY,
  enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
  title TEXT NOT NULL,
  seed TEXT NOT NULL,
  inspector_seed TEXT NOT NULL,
  seed_published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  /* the batch sampled, once drawn */
  batch_id TEXT NULL,
  /* JSON array of candidate ids, fixed at the draw (server clock after the seed's publication) */
  candidates TEXT NULL,
  inspector_candidates TEXT NULL,
  /* gbt2828-II | regulator */
  size_basis TEXT NULL,
  n INTEGER NULL,
  /* JSON: the ranked selection {rank,id,hmac}[] and the inspectors */
  selection TEXT NULL,
  inspectors TEXT NULL,
  drawn_at TEXT NULL,
  drawn_by TEXT NULL,
  /* seed-published | drawn | concluded */
  status TEXT NOT NULL,
  /* conforming | non-conforming, once concluded */
  conclusion TEXT NULL,
  concluded_at TEXT NULL,
  concluded_by TEXT NULL,
  penalty_event_id INTEGER NULL REFERENCES penalty_events(id)
) STRICT;
CREATE INDEX samplings_enterprise ON samplings (enterprise_id, seed_published_at);

/* the institute's result for one sampled meter; a correction is a new row naming the reason */
CREATE TABLE sampling_results (
  id INTEGER PRIMARY KEY,
  sampling_id TEXT NOT NULL REFERENCES samplings(id),
  serial TEXT NOT NULL,
  /* entered | imported */
  source TEXT NOT NULL,
  /* what was entered or imported, as received */
  input TEXT NOT NULL,
  /* the rules engine's verdict (domain meterVerdict) as JSON */
  verdict TEXT NOT NULL,
  passed INTEGER NOT NULL,
  profile_id TEXT NOT NULL,
  profile_version TEXT NOT NULL,
  correction_of INTEGER NULL REFERENCES sampling_results(id),
  correction_reason TEXT NULL,
  entered_by TEXT NOT NULL,
  entered_at TEXT NOT NULL
) STRICT;
CREATE INDEX sampling_results_sampling ON sampling_results (sampling_id, serial, id);

/* recalls (失准处置): what defines one; recall_meters (005) lists the affected meters */
ALTER TABLE recalls ADD COLUMN scope TEXT NOT NULL DEFAULT '{}';
ALTER TABLE recalls ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
CREATE TABLE recall_meter_events (
  id INTEGER PRIMARY KEY,
  recall_id TEXT NOT NULL REFERENCES recalls(id),
  serial TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('affected', 'recalled', 'replaced')),
  note TEXT NOT NULL,
  by TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX recall_meter_events_recall ON recall_meter_events (recall_id, serial, id);

/* risk early warning: one row per finding, its evidence and where the raw data is */
CREATE TABLE risk_alerts (
  id INTEGER PRIMARY KEY,
  enterprise_id TEXT NOT NULL REFERENCES enterprises(id),
  kind TEXT NOT NULL,
  /* the same finding found again is not a new alert */
  dedupe_key TEXT NOT NULL UNIQUE,
  subject TEXT NOT NULL,
  message TEXT NOT NULL,
  evidence TEXT NOT NULL,
  /* JSON: {deviceId, fromSeq, toSeq}[] — the raw lines that show it */
  raw_refs TEXT NOT NULL,
  detected_at TEXT NOT NULL,
  acknowledged_at TEXT NULL,
  acknowledged_by TEXT NULL,
  /* what the regulator checked and found */
  acknowledged_note TEXT NULL
) STRICT;
CREATE INDEX risk_alerts_enterprise ON risk_alerts (enterprise_id, detected_at);
CREATE INDEX risk_alerts_kind ON risk_alerts (enterprise_id, kind, acknowledged_at);
`,
};
