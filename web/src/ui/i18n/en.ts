import type { MessageKey } from './zh-CN.ts';

/** English — the second language. Every key of zh-CN must exist here (checked by the type). */
export const en: Record<MessageKey, string> = {
  'app.title': 'Erjian · Water meter verification',
  'app.subtitle': 'DN15–DN40 cold water meters: factory and first compulsory verification in one (JJG 162-2019)',
  'nav.home': 'Home',
  'nav.about': 'About',
  'nav.language': '中文',
  'nav.languageLabel': 'Switch language',
  'home.heading': 'Welcome',
  'home.lead': 'Runs on the bench PC: reads the bench, computes indication errors and verdicts live, keeps the original record offline, and syncs to the supervision platform in one click.',
  'home.status.ready': 'Rules engine ready',
  'home.points': 'Test flow points',
  'about.heading': 'About this software',
  'about.softwareId': 'Software identification (legally relevant part)',
  'about.version': 'Version',
  'about.checksum': 'SHA-256 checksum',
  'about.scope': 'Covers: the rules engine (web/src/domain), the statistics kernel (assembly/) and the regulation profiles',
  'about.profile': 'Regulation profile in force',
  'about.regulation': 'Verification regulation',
  'about.regulationValue': 'JJG 162-2019 Cold potable water meters',
  'about.copy': 'Copy',
  'about.copied': 'Copied',
};
