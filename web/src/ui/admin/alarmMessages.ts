/**
 * The sync alarms' texts (docs/sync.md "Alarms"), shown on the admin devices screen and in
 * the regulator's view. zh-CN first; every key has an English text, and every alarm kind the
 * server raises (`SyncAlarmKind`) has a name in both: a new kind without one is a type error.
 */
import type { SyncAlarmKind } from '../../../../sync-server/src/db/tables/sync.ts';
import { locale } from '../i18n/i18n.ts';

const zh = {
  'alarm.heading': '同步报警',
  'alarm.lead': '平台在接收同步数据时发现的异常：同一编号出现不同内容、记录链有缺口、装上检定台的水表没有检定记录、两台设备检定了同一块表。每条报警都附有证据。',
  'alarm.none': '没有报警。',
  'alarm.loading': '正在读取报警…',
  'alarm.refresh': '刷新',
  'alarm.shown': '显示最新的 {shown} 条，共 {total} 条',
  'alarm.col.at': '时间',
  'alarm.col.enterprise': '企业',
  'alarm.col.device': '设备',
  'alarm.col.kind': '类型',
  'alarm.col.evidence': '证据',
  'alarm.open': '待处理',
  'alarm.acknowledged': '已处理',
  'alarm.unnamed': '（未命名）',
} as const;

export type AlarmKey = keyof typeof zh;

const en: Record<AlarmKey, string> = {
  'alarm.heading': 'Sync alarms',
  'alarm.lead': 'What the platform found wrong while taking synced data: another content under a number it holds, a gap in a record chain, meters mounted on a bench without a verification, two devices verifying one meter. Each alarm comes with its evidence.',
  'alarm.none': 'No alarms.',
  'alarm.loading': 'Reading the alarms…',
  'alarm.refresh': 'Refresh',
  'alarm.shown': 'The newest {shown} of {total}',
  'alarm.col.at': 'When',
  'alarm.col.enterprise': 'Enterprise',
  'alarm.col.device': 'Device',
  'alarm.col.kind': 'Kind',
  'alarm.col.evidence': 'Evidence',
  'alarm.open': 'open',
  'alarm.acknowledged': 'dealt with',
  'alarm.unnamed': '(no name)',
};

const kindZh: Record<SyncAlarmKind, string> = {
  'line-content-conflict': '原始数据内容冲突',
  'checkpoint-conflict': '签名检查点冲突',
  'record-content-conflict': '记录内容冲突',
  'record-seq-gap': '记录链缺口',
  'meters-unaccounted': '水表未检定',
  'verdict-unrounded-differs': '复算末位差异',
  'serial-conflict': '同一表号多台设备检定',
};

const kindEn: Record<SyncAlarmKind, string> = {
  'line-content-conflict': 'Raw line content conflict',
  'checkpoint-conflict': 'Checkpoint conflict',
  'record-content-conflict': 'Record content conflict',
  'record-seq-gap': 'Gap in the record chain',
  'meters-unaccounted': 'Meters not verified',
  'verdict-unrounded-differs': 'Unrounded figures differ',
  'serial-conflict': 'One serial, several devices',
};

export function alarmText(key: AlarmKey, params: Record<string, string | number> = {}): string {
  const text = locale() === 'en' ? en[key] : zh[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** The kind's name; a kind this build does not know is shown by its code. */
export function alarmKindText(kind: string): string {
  const names: Record<string, string> = locale() === 'en' ? kindEn : kindZh;
  return names[kind] ?? kind;
}
