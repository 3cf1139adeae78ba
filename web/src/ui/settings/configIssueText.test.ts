import { describe, expect, it } from 'vitest';
import { BenchConfigError } from '../../bench/errors.ts';
import { parseBenchConfig, parseBenchConfigText } from '../../bench/config/benchConfig.ts';
import example from '../../bench/config/examples/plc-balance-pulse.json';
import { fieldLabel } from './configFields.ts';
import { issueViews } from './configIssueText.ts';

function problems(input: unknown) {
  try {
    parseBenchConfig(input);
  } catch (e) {
    if (e instanceof BenchConfigError) return e.issues;
  }
  throw new Error('expected the configuration to be refused');
}
const copy = () => JSON.parse(JSON.stringify(example)) as typeof example;
/** English words outside the JSON values quoted from the configuration and the type names a PLC manual uses. */
const hasLatin = (s: string) => /[A-Za-z]{4,}/.test(s.replace(/"[^"]*"|“[^”]*”|u16|u32|f32|PLC|JSON/g, ''));

describe('bench configuration problems in the person’s language', () => {
  it('names a register field in Chinese and says what is wrong, with no English', () => {
    const c = copy();
    c.setup.positions[2]!.counter.type = 'f32';
    const zh = issueViews(problems(c), 'zh-CN', c);
    expect(zh).toContainEqual({ path: 'setup.positions[2].counter.type', field: '表位 3 › 脉冲计数器 › 数据类型', sentence: expect.stringContaining('u16 或 u32') as string });
    for (const v of zh) expect(hasLatin(v.field + v.sentence), `${v.field} ${v.sentence}`).toBe(false);
    const en = issueViews(problems(c), 'en', c);
    expect(en).toContainEqual({ path: 'setup.positions[2].counter.type', field: 'position 3 › pulse counter › data type', sentence: 'A pulse counter is a whole number: u16 or u32, not f32.' });
  });

  it.each([
    ['setup.plc.registers.flowLph', '流量寄存器'],
    ['setup.plc.registers.flowLph.wordOrder', '流量寄存器 › 字序'],
    ['setup.reference.kind', '标准器类型'],
    ['setup.reference.link.baudRate', '天平串口设置 › 波特率'],
    ['setup.plc.control.valves[1].address', '阀门 2 › 地址'],
    ['uRelPct', '扩展不确定度 U (%)'],
    ['(root)', '整个配置'],
  ])('%s is %s', (path, label) => {
    expect(fieldLabel(path, 'zh-CN', example)).toBe(label);
  });

  it('says every kind the schema raises in Chinese: types, ranges, unknown fields, overlaps, JSON syntax', () => {
    const c = copy() as unknown as { uRelPct: unknown; extra?: number; setup: { reading: string; plc: { registers: { waterTempC: { address: number } } } } };
    c.uRelPct = 'x';
    c.extra = 1;
    c.setup.reading = 'telepathy';
    c.setup.plc.registers.waterTempC.address = 1;
    const zh = issueViews(problems(c), 'zh-CN', c);
    expect(zh.map((v) => `${v.field}: ${v.sentence}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^扩展不确定度 U \(%\): 应为数字/),
        'extra: 未知的字段（拼写错误？）。',
        '读数方式: 应为 "pulse"（脉冲）, "visual"（目测） 之一，现为 "telepathy"。',
      ]),
    );
    for (const v of zh) expect(hasLatin(v.sentence), v.sentence).toBe(false);
    let syntax: BenchConfigError | null = null;
    try {
      parseBenchConfigText('{ "format": ');
    } catch (e) {
      if (e instanceof BenchConfigError) syntax = e;
    }
    expect(issueViews(syntax?.issues ?? [], 'zh-CN')).toEqual([{ path: '(root)', field: '整个配置', sentence: '这不是有效的 JSON 文本：请检查括号、引号和逗号。' }]);
  });
});
