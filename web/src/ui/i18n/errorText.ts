/**
 * What to tell a person about an error, in their language (docs/architecture.md house rule 5: typed errors
 * with stable codes; every error a person can see says what happened and what to do; the
 * message is built from the code, never parsed from English text).
 *
 * The catalogue is keyed by the union of every error code of the layers below, checked
 * with `satisfies`: a code without a sentence in either language is a type error. A
 * sentence names its facts by placeholder (`{serial}`, `{pos}`), filled from the error's
 * `params`; the error's English message is never added to it — it is for logs and traces.
 */
import type { BenchErrorCode, ErrorParams } from '../../bench/errors.ts';
import type { InvalidInputError, PenaltyLadderErrorCode, ProfileError } from '../../domain/index.ts';
import type { StatisticsErrorCode } from '../../stats/errors.ts';
import type { CertificateErrorCode } from '../../store/certificates.ts';
import type { StorageErrorCode } from '../../store/errors.ts';
import { locale } from './i18n.ts';

export type DomainErrorCode = InvalidInputError['code'] | ProfileError['code'] | PenaltyLadderErrorCode;

/** The screens' own: the operator closed the port prompt or the browser's picker without choosing (ui/bench/port-prompt.ts). */
export type UiErrorCode = 'port-not-chosen';

/** Every code an error that reaches a person can carry. */
export type ErrorCode = BenchErrorCode | StorageErrorCode | StatisticsErrorCode | CertificateErrorCode | DomainErrorCode | UiErrorCode;

export interface ShownError {
  code: string | null;
  /** the technical message (English): for the log, and the last resort of an error without a code */
  message: string;
  /** the facts the code's sentence names */
  params?: ErrorParams;
}

export const errorSentencesZh = {
  // the bench and its connection
  'device-lost': '检定台连接已断开。请检查数据线，然后点击“重新连接并继续”；已接收的数据均已保存。',
  timeout: '检定台没有应答。请检查检定台是否开机、数据线和串口设置。',
  nak: '检定台拒绝了指令 {command}（代码 {code}）。请查看检定台的显示，处理后重试。',
  'not-connected': '检定台没有连接。请先连接检定台。',
  busy: '检定台正在执行上一个操作。请等它完成后再试。',
  aborted: '检定台中止了当前操作。请查看检定台的显示，处理后重试。',
  'port-unavailable': '此浏览器无法访问串口或 USB 设备，或串口正被其他程序占用。请在检定台电脑上使用 Chromium 或 Edge，并关闭其他串口程序。',
  'port-not-chosen': '没有选择串口，检定台未连接。请重新点击“连接检定台”，按提示选择串口。',
  'wrong-bench': '连接的不是本次检定所用的检定台，请连接同一台检定台。',
  'command-not-recorded': '指令未能写入原始记录，因此没有发送给检定台。请检查本机存储空间后重试。',
  'invalid-register-map': '寄存器映射表有误（{paths}）。请按检定台说明书改正后再连接。',
  'invalid-bench-config': '检定装置配置有误（{paths}）。请在“装置配置”中改正后再连接。',
  'valve-not-closed': '阀门未关闭：发出关闭指令后仍有流量。请检查阀门和 PLC，排除后再继续。',
  'pressure-not-reached': '密封性试验压力未达到设定值。请检查加压泵、阀门和管路后重新试验。',
  'modbus-exception': 'PLC 拒绝了请求（功能码 {function}，异常码 {exception}）。请核对寄存器映射表和 PLC 设置。',
  'modbus-bad-reply': 'PLC 的应答无法识别。请检查通信参数（波特率、站号）和数据线。',
  'modbus-no-control': '该寄存器映射表没有控制寄存器：请在 PLC 上启动和停止每次运行。',
  'plc-no-tightness': '装置配置中没有密封性压力寄存器或加压输出，无法由本软件做密封性试验。请在“装置配置”中补全，或在检定台上完成试验。',
  'reading-position-unknown': '表位 {pos} 没有装表，不能录入读数。',
  'reading-needs-reason': '表位 {pos} 已有读数。如需更正，请填写更正原因（原读数保留在记录中）。',
  'reading-incomplete': '表位 {positions} 还没有有效读数。请录入每个表位的读数后再继续。',
  'reading-closed': '本次读数已结束（检定已继续或已停止），不能再录入。',
  'balance-error': '天平拒绝了指令 {command}。请检查天平的设置和数据线。',
  'balance-overload': '天平超载。请清空集水容器后重试。',
  'balance-underload': '天平读数低于零点。请检查集水容器是否放好。',
  'balance-not-stable': '天平读数还不稳定。请等水面平静后再读数。',
  // steps the session refuses now
  'session-state': '当前步骤不能执行此操作。',
  'bench-not-identified': '检定台还没有识别。请先连接检定台，再装表。',
  'position-unknown': '没有表位 {pos}：本检定台的表位是 1–{positions}。',
  'meters-locked': '试验进行中不能取下水表。请等本次试验结束。',
  'position-empty': '表位 {pos} 没有装表。',
  'no-meters-mounted': '还没有装表。请先扫描或输入每个表位的出厂编号。',
  'not-disconnected': '检定台连接正常，不需要重新连接。',
  'restore-too-late': '已经装了表，不能再恢复中断的检定。请断开后重新打开中断的检定。',
  'already-connected': '已经连接了检定台。请先点击“断开”，再连接或继续其他检定。',
  'resume-no-plan': '这次检定的记录里没有批次和表型，不能继续，只能说明原因后关闭。',
  'session-in-other-window': '这次检定正在另一个窗口中进行。请在那个窗口中继续，或关闭那个窗口后重试。',
  'tightness-map-unknown': '该表型没有最大允许压力（MAP），不能进行密封性试验。请在表型资料中补充 MAP。',
  'tightness-plan': '计划的密封性试验压力或保压时间不符合规程，试验不会有效。请使用默认设定。',
  'tightness-no-valid-test': '还没有有效的密封性试验。请先进行密封性试验，再确认泄漏。',
  'tightness-mounted-after': '{serial} 是在密封性试验之后装上的。请重新进行密封性试验，再确认泄漏。',
  // serial numbers (docs/rules.md R-IDENT)
  'serial-empty': '出厂编号为空。请扫描或输入出厂编号。',
  'serial-contains-space': '出厂编号中有空格，可能是两个编号连在了一起。请重新扫描。',
  'serial-characters-not-allowed': '出厂编号含有不允许的字符：{characters}。出厂编号只能由数字、大写字母和连字符组成。',
  'serial-too-short': '出厂编号太短：至少 {min} 个字符。请核对后重新扫描。',
  'serial-too-long': '出厂编号太长：最多 {max} 个字符。可能一次扫了两个标签，请重新扫描。',
  'serial-hyphen-at-end': '出厂编号不能以连字符开头或结尾。请核对后重新扫描。',
  'serial-format-mismatch': '出厂编号不符合该表型的编号格式（例如 {example}）。请核对表型和编号。',
  'serial-format-unusable': '该表型资料中的编号格式无法使用。请联系管理员改正表型资料。',
  'serial-already-mounted': '{serial} 已装在表位 {pos}。同一只表不能装两次，请核对编号。',
  'serial-meter-of-another-batch': '{serial} 属于批次 {batchId}，不能放进本批次检定。请核对批次号。',
  // storage and the original record
  'quota-exceeded': '本机存储空间已满，数据未能保存。请先同步并清理空间，再继续检定。',
  'chain-conflict': '另一个窗口正在写入原始记录。请只在一个窗口中进行检定。',
  'version-change': '数据库已在另一个窗口升级。请重新加载本页面。',
  'database-closed': '数据库已关闭。请重新加载本页面。',
  'storage-failed': '数据未能保存。请重试；若仍失败，请复制检定日志并联系技术支持。',
  'storage-lost': '浏览器无法再读写本机数据库（可能已被清除，或磁盘故障）。请停止检定并重新加载页面；若仍失败，请联系技术支持。',
  'invalid-record': '记录内容不完整或格式不对，未能保存。请联系技术支持。',
  'verdict-mismatch': '检定结论与原始数据重新计算的结果不一致，记录未保存。请联系技术支持。',
  'meter-type-mismatch': '表的铭牌参数与本批次的表型不一致，记录未保存。请核对表型和批次号。',
  'meter-batch-mismatch': '这只表已登记在另一个批次中，记录未保存。请核对批次号。',
  'unknown-batch': '本机没有这个批次。',
  'unknown-meter-type': '本机没有这个表型的资料。请先同步参考数据。',
  'unknown-session': '本机没有这次检定的记录。',
  'session-not-running': '这次检定已经结束或已中断，不能再写入。请开始新的检定。',
  'session-not-interrupted': '这次检定不是中断状态，不能继续或关闭。请刷新页面查看它现在的状态。',
  'raw-lines-missing': '记录引用的原始数据不全，未能保存。请联系技术支持。',
  'supersede-conflict': '这只表的检定记录已有更新，本次重新检定所替代的不是当前记录。请重新打开该表的记录后再试。',
  'columns-corrupt': '批次的统计数据不一致。请在“关于”页面核查完整性，并从检定记录重建。',
  'checkpoint-conflict': '原始记录的检查点与已保存的不一致，未作替换。请在“关于”页面核查完整性，并联系技术支持。',
  'raw-lines-foreign': '记录引用了另一台电脑的原始数据，未能保存。请联系技术支持。',
  'device-mismatch': '记录属于另一台电脑，本机不能签署。请联系技术支持。',
  'device-missing': '本机的设备身份丢失或不可用，不能签署记录。请联系技术支持。',
  // certificates and notices
  'issuance-blocked': '不能出具：原因见页面上的说明。',
  'certificate-in-force': '本批次已有有效证书。如需重新出具，请先撤回原证书并说明原因。',
  'notice-in-force': '本批次已有有效的检定结果通知书。如需重新出具，请先撤回原通知书并说明原因。',
  'unknown-certificate': '没有找到这张已出具的证书。',
  // batch statistics
  'not-finite': '误差数据中有无效数值，统计未计算。请在“关于”页面核查完整性。',
  'out-of-range': '误差数据中有超出范围的数值，统计未计算。请在“关于”页面核查完整性。',
  'invalid-argument': '统计参数无效（最大允许误差、分组宽度或范围）。请联系技术支持。',
  'kernel-not-built': '统计模块缺失，本版本安装不完整。请联系技术支持。',
  'out-of-memory': '内存不足，无法计算这么大的批次。请关闭其他页面后重试。',
  // the rules
  'invalid-input': '输入的数值超出规程的适用范围，无法计算。请核对数值。',
  'invalid-profile': '规程参数文件无效。请联系技术支持。',
  'invalid-transition': '企业当前的状态不允许这一步处理。',
  'event-out-of-order': '这一步的日期早于上一步。请核对日期。',
  'missing-deadline': '这一步需要整改期限。请填写期限。',
  'invalid-event': '这一步的资料不完整（日期、原因或决定人）。请补充后再试。',
  'model-not-blocked': '这个型号没有被暂停，无需验收整改。请核对型号。',
} as const satisfies Record<ErrorCode, string>;

export const errorSentencesEn = {
  'device-lost': 'The bench connection was lost. Check the cable, then press “Reconnect and continue”; everything received is saved.',
  timeout: 'The bench does not answer. Check that it is on, the cable and the port settings.',
  nak: 'The bench refused the command {command} (code {code}). Look at the bench’s display, deal with it and try again.',
  'not-connected': 'The bench is not connected. Connect it first.',
  busy: 'The bench is still doing the last thing it was asked. Wait until it has finished.',
  aborted: 'The bench stopped what it was doing. Look at the bench’s display, deal with it and try again.',
  'port-unavailable': 'This browser cannot reach serial ports or USB devices, or another program holds the port. Use Chromium or Edge on the bench PC and close other serial programs.',
  'port-not-chosen': 'No serial port was chosen, so the bench is not connected. Press “Connect bench” again and choose the port as asked.',
  'wrong-bench': 'This is not the bench the session ran on: connect the same bench.',
  'command-not-recorded': 'The command could not be put in the original record, so it was not sent to the bench. Check the storage on this PC and try again.',
  'invalid-register-map': 'The register map is wrong ({paths}). Correct it from the bench’s manual, then connect.',
  'invalid-bench-config': 'The bench configuration is wrong ({paths}). Correct it under “Bench configuration”, then connect.',
  'valve-not-closed': 'The valve did not close: water still flowed after the close command. Check the valve and the PLC before going on.',
  'pressure-not-reached': 'The tightness test pressure was not reached. Check the pump, the valves and the pipework, then test again.',
  'modbus-exception': 'The PLC refused the request (function {function}, exception {exception}). Check the register map and the PLC’s settings.',
  'modbus-bad-reply': 'The PLC’s answer cannot be read. Check the line settings (baud rate, unit id) and the cable.',
  'modbus-no-control': 'This register map has no control registers: start and stop each run on the PLC.',
  'plc-no-tightness': 'The bench configuration has no tightness pressure register or no pressurize output, so the app cannot run the tightness test. Complete it under “Bench configuration”, or run the test on the bench.',
  'reading-position-unknown': 'No meter is mounted on position {pos}: there is nothing to read there.',
  'reading-needs-reason': 'Position {pos} has a reading already. To correct it, give the reason (the first reading stays in the record).',
  'reading-incomplete': 'Position {positions} has no readable reading yet. Type every position’s reading, then go on.',
  'reading-closed': 'These readings are closed (the run went on or was stopped): nothing more can be typed here.',
  'balance-error': 'The balance refused the command {command}. Check its settings and the cable.',
  'balance-overload': 'The balance is overloaded. Empty the collector and try again.',
  'balance-underload': 'The balance reads below zero. Check that the collector is in place.',
  'balance-not-stable': 'The balance reading is not stable yet. Wait until the water has settled.',
  'session-state': 'This cannot be done at this step.',
  'bench-not-identified': 'The bench has not been identified yet. Connect it before mounting meters.',
  'position-unknown': 'There is no position {pos}: this bench has positions 1–{positions}.',
  'meters-locked': 'Meters cannot be taken off during a test. Wait until it has finished.',
  'position-empty': 'No meter is mounted on position {pos}.',
  'no-meters-mounted': 'No meter is mounted yet. Scan or type the serial number for each position first.',
  'not-disconnected': 'The bench is connected: there is nothing to reconnect.',
  'restore-too-late': 'Meters are already mounted, so the interrupted session cannot be restored here. Disconnect and open the interrupted session again.',
  'already-connected': 'A bench is connected already. Press “Disconnect” before connecting or continuing another session.',
  'resume-no-plan': 'The record of this session names no batch and meter type: it cannot be continued, only closed with the reason.',
  'session-in-other-window': 'This session is running in another window. Continue it there, or close that window and try again.',
  'tightness-map-unknown': 'The meter type has no maximum admissible pressure (MAP): the tightness test cannot be run. Add the MAP to the meter type.',
  'tightness-plan': 'The planned tightness pressure or hold time does not meet the regulation, so the test could never be valid. Use the default settings.',
  'tightness-no-valid-test': 'There is no valid tightness test yet. Run the tightness test before confirming leaks.',
  'tightness-mounted-after': '{serial} was mounted after the tightness test. Run the tightness test again before confirming leaks.',
  'serial-empty': 'The serial number is empty. Scan or type it.',
  'serial-contains-space': 'The serial number contains a space: it may be two numbers run together. Scan it again.',
  'serial-characters-not-allowed': 'The serial number contains characters that are not allowed: {characters}. A serial number is digits, capital letters and hyphens.',
  'serial-too-short': 'The serial number is too short: at least {min} characters. Check it and scan again.',
  'serial-too-long': 'The serial number is too long: at most {max} characters. Two labels may have been read at once; scan again.',
  'serial-hyphen-at-end': 'A serial number cannot start or end with a hyphen. Check it and scan again.',
  'serial-format-mismatch': 'The serial number does not have the meter type’s format (for example {example}). Check the meter type and the number.',
  'serial-format-unusable': 'The serial-number format in the meter type’s data cannot be used. Ask an administrator to correct the meter type.',
  'serial-already-mounted': '{serial} is already mounted on position {pos}. A meter cannot be mounted twice: check the number.',
  'serial-meter-of-another-batch': '{serial} belongs to batch {batchId} and cannot be verified in this one. Check the batch number.',
  'quota-exceeded': 'Storage on this PC is full and the data was not saved. Sync and free space before you go on.',
  'chain-conflict': 'Another window is writing to the original record. Run verifications in one window only.',
  'version-change': 'The database was upgraded in another window. Reload this page.',
  'database-closed': 'The database is closed. Reload this page.',
  'storage-failed': 'The data could not be saved. Try again; if it still fails, copy the bench log and contact support.',
  'storage-lost': 'The browser can no longer read or write this PC’s database (it may have been cleared, or the disk failed). Stop verifying and reload the page; if it still fails, contact support.',
  'invalid-record': 'The record is incomplete or malformed and was not saved. Contact support.',
  'verdict-mismatch': 'The verdict does not recompute from the raw data; the record was not saved. Contact support.',
  'meter-type-mismatch': 'The meter’s nameplate differs from the batch’s meter type; the record was not saved. Check the meter type and the batch number.',
  'meter-batch-mismatch': 'This meter is registered to another batch; the record was not saved. Check the batch number.',
  'unknown-batch': 'There is no such batch on this PC.',
  'unknown-meter-type': 'This PC has no data for this meter type. Sync the reference data first.',
  'unknown-session': 'There is no record of this session on this PC.',
  'session-not-running': 'This session has ended or was interrupted: nothing more can be stored in it. Start a new session.',
  'session-not-interrupted': 'This session is not interrupted, so it cannot be continued or closed. Reload the page to see its state now.',
  'raw-lines-missing': 'The raw data the record cites is incomplete; the record was not saved. Contact support.',
  'supersede-conflict': 'The meter’s record has changed: this re-verification does not replace its current record. Open the meter’s record again and retry.',
  'columns-corrupt': 'The batch’s statistics data does not fit together. Check the integrity on the About page and rebuild it from the records.',
  'checkpoint-conflict': 'A checkpoint of the original record differs from the one stored and was not replaced. Check the integrity on the About page and contact support.',
  'raw-lines-foreign': 'The record cites raw data of another PC and was not saved. Contact support.',
  'device-mismatch': 'The record belongs to another PC: this PC cannot sign it. Contact support.',
  'device-missing': 'This PC’s device identity is missing or unusable, so records cannot be signed. Contact support.',
  'issuance-blocked': 'It cannot be issued: the reasons are listed on the page.',
  'certificate-in-force': 'This batch already has a certificate in force. Withdraw it, with the reason, before issuing another.',
  'notice-in-force': 'This batch already has a notice of verification result in force. Withdraw it, with the reason, before issuing another.',
  'unknown-certificate': 'No issued certificate with this number.',
  'not-finite': 'The error data holds an invalid value: no statistics were computed. Check the integrity on the About page.',
  'out-of-range': 'The error data holds a value out of range: no statistics were computed. Check the integrity on the About page.',
  'invalid-argument': 'A statistics setting is invalid (MPE, bin width or range). Contact support.',
  'kernel-not-built': 'The statistics module is missing: this installation is incomplete. Contact support.',
  'out-of-memory': 'Not enough memory for a batch this large. Close other pages and try again.',
  'invalid-input': 'A value is outside what the regulation’s formulas cover. Check the values.',
  'invalid-profile': 'The regulation profile is invalid. Contact support.',
  'invalid-transition': 'The enterprise’s present standing does not allow this step.',
  'event-out-of-order': 'This step is dated before the last one. Check the date.',
  'missing-deadline': 'This step needs a deadline for the correction. Enter it.',
  'invalid-event': 'This step is incomplete (date, reason or who decided). Complete it and try again.',
  'model-not-blocked': 'This model is not blocked: there is no rectification of it to accept. Check the model.',
} as const satisfies Record<ErrorCode, string>;

/** For an error without a code (a bug): what to do; the technical message follows under its own label. */
const unexpected = {
  'zh-CN': { sentence: '出现了意外的错误。请重试；若仍失败，请复制检定日志并联系技术支持。', detail: '技术信息' },
  en: { sentence: 'Something unexpected went wrong. Try again; if it still fails, copy the bench log and contact support.', detail: 'Technical detail' },
} as const;

export function isErrorCode(code: string | null): code is ErrorCode {
  return code !== null && Object.hasOwn(errorSentencesZh, code);
}

function paramsOf(err: unknown): ErrorParams | undefined {
  const p = (err as { params?: unknown } | null)?.params;
  if (typeof p !== 'object' || p === null) return undefined;
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(p)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

export function shownError(err: unknown): ShownError {
  const code = (err as { code?: unknown } | null)?.code;
  const params = paramsOf(err);
  return {
    code: typeof code === 'string' ? code : null,
    message: err instanceof Error ? err.message : String(err),
    ...(params === undefined ? {} : { params }),
  };
}

/** A sentence with its `{name}` placeholders filled from `params`; a fact not given shows as “—”. */
export function fillSentence(sentence: string, params: ErrorParams = {}): string {
  return sentence.replace(/\{(\w+)\}/g, (_, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : '—'));
}

/** The sentence for a person, in the language in force, with the error's facts filled in. */
export function errorText(e: ShownError): string {
  const lang = locale();
  if (isErrorCode(e.code)) return fillSentence((lang === 'zh-CN' ? errorSentencesZh : errorSentencesEn)[e.code], e.params);
  const u = unexpected[lang];
  return lang === 'zh-CN' ? `${u.sentence}（${u.detail}：${e.message}）` : `${u.sentence} (${u.detail}: ${e.message})`;
}
