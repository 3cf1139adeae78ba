/**
 * What to tell a person about an error, in their language (docs/architecture.md house rule 5: typed errors
 * with stable codes; every error a person can see says what happened and what to do).
 * Known codes get a sentence from the catalogue; anything else shows its own message.
 */
import { locale } from './i18n.ts';

export interface ShownError {
  code: string | null;
  message: string;
}

const zh: Record<string, string> = {
  'device-lost': '检定台连接已断开。请检查数据线，然后点击“重新连接并继续”；已接收的数据均已保存。',
  timeout: '检定台没有应答。请检查检定台是否开机、数据线和串口设置。',
  nak: '检定台拒绝了该指令',
  'port-unavailable': '此浏览器无法访问串口或 USB 设备。请在检定台电脑上使用 Chromium 或 Edge。',
  'wrong-bench': '连接的不是本次检定所用的检定台，请连接同一台检定台。',
  'session-state': '当前步骤不能执行此操作',
  'tightness-map-unknown': '该表型没有最大允许压力（MAP），不能进行密封性试验。请在表型资料中补充 MAP。',
  'tightness-plan': '计划的密封性试验压力或保压时间不符合规程，试验不会有效。请使用默认设定。',
  'tightness-no-valid-test': '还没有有效的密封性试验（或该表是试验后才装上的）。请先（重新）进行密封性试验，再确认泄漏。',
  'quota-exceeded': '本机存储空间已满，数据未能保存。请先同步并清理空间，再继续检定。',
  'chain-conflict': '另一个窗口正在写入原始记录。请只在一个窗口中进行检定。',
  'version-change': '数据库已在另一个窗口升级。请重新加载本页面。',
  'database-closed': '数据库已关闭。请重新加载本页面。',
  'verdict-mismatch': '检定结论与原始数据重新计算的结果不一致，记录未保存。请联系技术支持。',
  'storage-failed': '数据保存失败',
  'issuance-blocked': '不能出具证书',
  'certificate-in-force': '本批次已有有效证书。如需重新出具，请先撤回原证书并说明原因。',
  'unknown-certificate': '没有找到这张已出具的证书',
  'storage-lost': '浏览器无法再读写本机数据库（可能已被清除，或磁盘故障）。请停止检定并重新加载页面；若仍失败，请联系技术支持。',
};

const en: Record<string, string> = {
  'device-lost': 'The bench connection was lost. Check the cable, then press “Reconnect and continue”; everything received is saved.',
  timeout: 'The bench does not answer. Check that it is on, the cable and the port settings.',
  nak: 'The bench refused the command',
  'port-unavailable': 'This browser cannot reach serial ports or USB devices. Use Chromium or Edge on the bench PC.',
  'wrong-bench': 'This is not the bench the session ran on: connect the same bench.',
  'session-state': 'This cannot be done at this step',
  'tightness-map-unknown': 'The meter type has no maximum admissible pressure (MAP): the tightness test cannot be run. Add the MAP to the meter type.',
  'tightness-plan': 'The planned tightness pressure or hold time does not meet the regulation, so the test could never be valid. Use the default settings.',
  'tightness-no-valid-test': 'There is no valid tightness test yet (or the meter was mounted after it). Run the tightness test (again) before confirming leaks.',
  'quota-exceeded': 'Storage on this PC is full and the data was not saved. Sync and free space before you go on.',
  'chain-conflict': 'Another window is writing to the original record. Run verifications in one window only.',
  'version-change': 'The database was upgraded in another window. Reload this page.',
  'database-closed': 'The database is closed. Reload this page.',
  'verdict-mismatch': 'The verdict does not recompute from the raw data; the record was not saved. Contact support.',
  'storage-failed': 'Saving failed',
  'issuance-blocked': 'The certificate cannot be issued',
  'certificate-in-force': 'This batch already has a certificate in force. Withdraw it, with the reason, before issuing another.',
  'unknown-certificate': 'No issued certificate with this number',
  'storage-lost': 'The browser can no longer read or write this PC\'s database (it may have been cleared, or the disk failed). Stop verifying and reload the page; if it still fails, contact support.',
};

export function shownError(err: unknown): ShownError {
  const code = (err as { code?: unknown } | null)?.code;
  return { code: typeof code === 'string' ? code : null, message: err instanceof Error ? err.message : String(err) };
}

/** The sentence for a person; the technical message follows where it adds detail. */
export function errorText(e: ShownError): string {
  const catalogue = locale() === 'zh-CN' ? zh : en;
  const known = e.code === null ? undefined : catalogue[e.code];
  if (known === undefined) return e.message;
  // Sentences that already say what to do stand alone; short labels get the detail.
  return known.length > 20 ? known : `${known}：${e.message}`;
}
