/**
 * A bench configuration's problems as a person reads them (issue 14 item 1): the field by
 * its name (configFields.ts) and what is wrong as a sentence in their language. The
 * messages of benchConfig.ts / registerMap.ts / zodIssues.ts are English for logs; each
 * kind of them is recognised here and said again — a zh-CN user never sees the English.
 * A message of an unknown kind still gets a sentence (取值不符合要求), never the English.
 */
import type { RegisterMapIssue } from '../../bench/errors.ts';
import type { Locale } from '../i18n/i18n.ts';
import { fieldLabel } from './configFields.ts';

export interface IssueView {
  /** the JSON path, as in the error (kept for tests and the log) */
  path: string;
  /** the field's name in the person's language */
  field: string;
  /** what is wrong, in the person's language */
  sentence: string;
}

type Said = (m: RegExpMatchArray, lang: Locale, input: unknown) => string;
const both = (zh: string, en: string): Said => (_m, lang) => (lang === 'en' ? en : zh);

/** JSON values in a message (`"f32"`, `3`) shown as they are; type names in the person's words. */
const typeZh: Record<string, string> = { number: '数字', string: '文字', object: '一组字段', array: '列表', boolean: '是/否' };
const typeOf = (t: string | undefined, lang: Locale) => (lang === 'en' ? (t ?? '') : (typeZh[t ?? ''] ?? t ?? ''));

/** What the schema's literal values mean, said beside them (`"pulse"（脉冲）`): the JSON keeps the value itself. */
const valueZh: Record<string, string> = {
  pulse: '脉冲', visual: '目测', balance: '天平', 'master-meter': '标准表', tank: '容积罐', coil: '线圈', register: '寄存器',
  holding: '保持寄存器', input: '输入寄存器', none: '无校验', even: '偶校验', odd: '奇校验', plc: 'PLC 检定台', wmb1: 'WMB/1 自动检定台',
  'high-first': '高位字在前', 'low-first': '低位字在前',
};
function glossed(values: string | undefined, lang: Locale): string {
  if (lang === 'en' || values === undefined) return values ?? '';
  return values.replace(/"([^"]+)"/g, (q, v: string) => (valueZh[v] ? `${q}（${valueZh[v]}）` : q));
}

/** Each kind of message, first match wins (order: the specific before the general). */
const kinds: ReadonlyArray<[RegExp, Said]> = [
  [/^not valid JSON: (.*)$/, (m, lang) => (lang === 'en' ? `This is not valid JSON (${m[1]}).` : '这不是有效的 JSON 文本：请检查括号、引号和逗号。')],
  [/^a pulse counter is a whole number/, both('脉冲计数器是整数：数据类型应为 u16 或 u32，不能是 f32（f32 多半是寄存器类型填错了）。', 'A pulse counter is a whole number: u16 or u32, not f32.')],
  [/^a pulse counter is read as counted/, both('脉冲计数器按计数读取：比例系数应为 1，请在“脉冲常数”中填写每升脉冲数。', 'A pulse counter is read as counted: scale 1; give the pulse constant instead.')],
  [/^a u16 is one register/, both('u16 只占一个寄存器：请删除字序。', 'A u16 is one register: remove the word order.')],
  [/^a (u32|f32) spans two registers/, (m, lang) => (lang === 'en' ? `A ${m[1]} spans two registers: give the word order, "high-first" or "low-first".` : `${m[1]} 占两个寄存器：请填写字序，“high-first”（高位字在前）或“low-first”（低位字在前），以 PLC 说明书为准。`)],
  [/^the value runs past register 65535/, both('数值超出了寄存器 65535。', 'The value runs past register 65535.')],
  [/^scale must not be 0/, both('比例系数不能为 0。', 'The scale must not be 0.')],
  [/^only holding registers can be written/, both('只有保持寄存器（holding）可以写入。', 'Only holding registers can be written.')],
  [/^position (\d+) is listed twice/, (m, lang) => (lang === 'en' ? `Position ${m[1]} is listed twice.` : `表位 ${m[1]} 重复出现。`)],
  [/^reading "pulse" needs each position's pulse counter/, both('脉冲读数方式需要每个表位的脉冲计数器。', 'Pulse reading needs each position’s pulse counter.')],
  [/^reading "pulse" needs each position's pulse constant/, both('脉冲读数方式需要每个表位的脉冲常数（每升脉冲数）。', 'Pulse reading needs each position’s pulse constant (pulses per litre).')],
  [/^the weighing method needs the air conditions/, both('称重法需要空气条件：请在 PLC 中配置气温等寄存器，或在此填写固定的气温、气压和湿度。', 'The weighing method needs the air conditions: air registers in the PLC, or fixed values here.')],
  [
    /^overlaps (\S+) \((holding|input) register (\d+)/,
    (m, lang, input) =>
      lang === 'en'
        ? `Overlaps ${fieldLabel(`setup.${m[1] ?? ''}`, lang, input)} (${m[2]} register ${m[3]}).`
        : `与“${fieldLabel(`setup.${m[1] ?? ''}`, lang, input)}”（${m[2] === 'holding' ? '保持' : '输入'}寄存器 ${m[3]}）重叠：两个数值不能共用寄存器。`,
  ],
  [/^unknown field/, both('未知的字段（拼写错误？）。', 'Unknown field (misspelt?).')],
  [/^is required \(one of (.*)\)$/, (m, lang) => (lang === 'en' ? `Required: one of ${m[1]}.` : `必须填写，可选：${glossed(m[1], lang)}。`)],
  [/^is required/, both('必须填写。', 'Required.')],
  [/^unknown value (.*), expected one of (.*)$/, (m, lang) => (lang === 'en' ? `Unknown value ${m[1]}; one of ${m[2]}.` : `取值 ${m[1]} 无效，可选：${glossed(m[2], lang)}。`)],
  [/^expected one of (.*), got (.*)$/, (m, lang) => (lang === 'en' ? `Must be one of ${m[1]}, not ${m[2]}.` : `应为 ${glossed(m[1], lang)} 之一，现为 ${m[2]}。`)],
  [/^expected (\w+), got (.*)$/, (m, lang) => (lang === 'en' ? `Must be a ${m[1]}, not ${m[2]}.` : `应为${typeOf(m[1], lang)}，现为 ${m[2]}。`)],
  [/^must be (≥|>|≤|<) (\S+), got (.*)$/, (m, lang) => (lang === 'en' ? `Must be ${m[1]} ${m[2]}, not ${m[3]}.` : `应 ${m[1]} ${m[2]}，现为 ${m[3]}。`)],
  [/^must not be empty/, both('不能为空。', 'Must not be empty.')],
  [/^must have (≥|>|≤|<) (\S+) (characters|items)/, (m, lang) => (lang === 'en' ? `Must have ${m[1]} ${m[2]} ${m[3]}.` : `${m[3] === 'characters' ? '字数' : '项数'}应 ${m[1]} ${m[2]}。`)],
  [/whole number|expected int/i, both('应为整数。', 'Must be a whole number.')],
];

export function issueSentence(message: string, lang: Locale, input?: unknown): string {
  for (const [re, said] of kinds) {
    const m = re.exec(message);
    if (m) return said(m, lang, input);
  }
  return lang === 'en' ? `Not valid: ${message}` : '取值不符合要求，请对照说明书检查。';
}

/** Every problem, named and said in the person's language. */
export function issueViews(issues: readonly RegisterMapIssue[], lang: Locale, input?: unknown): IssueView[] {
  return issues.map((i) => ({ path: i.path, field: fieldLabel(i.path, lang, input), sentence: issueSentence(i.message, lang, input) }));
}
