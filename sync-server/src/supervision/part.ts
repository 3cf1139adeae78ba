/**
 * The supervision part of the server (docs/supervision.md): the regulator's authorisation
 * register and the public announcement page (一公开), the penalty ladder, 双随机 sampling and
 * the institute's results, recalls (失准处置), and the risk early warning. Each file owns one
 * of them; they share the tables of migration 006.
 */
import type { ServerPart } from '../app.ts';
import { announcementRoutes } from './announcementRoutes.ts';
import { authorisationRoutes } from './authorisationRoutes.ts';
import { penaltyRoutes } from './penaltyRoutes.ts';
import { recallRoutes } from './recallRoutes.ts';
import { riskRoutes } from './riskRoutes.ts';
import { stopRiskScans } from './riskScan.ts';
import { samplingRoutes } from './samplingRoutes.ts';

export const supervisionPart: ServerPart = (app, deps) => {
  authorisationRoutes(app, deps);
  announcementRoutes(app, deps);
  penaltyRoutes(app, deps);
  samplingRoutes(app, deps);
  recallRoutes(app, deps);
  riskRoutes(app, deps);
  // the risk scans run in worker threads after pushes: a closing server stops them first
  return { close: () => stopRiskScans(deps) };
};
