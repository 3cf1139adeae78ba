/**
 * The Chinese (and English) names of the bench configuration's fields, keyed by the
 * configuration's own field names (web/src/bench/config/benchConfig.ts; docs/bench-config.md),
 * so a problem at `setup.plc.registers.flowLph` reads 流量寄存器 to an operator: the paths
 * in BenchConfigError are for logs, never shown as such to a zh-CN user.
 */
import type { Locale } from '../i18n/i18n.ts';

type Names = Readonly<Record<string, readonly [zh: string, en: string]>>;

/** A field's name wherever it appears. */
const fieldNames: Names = {
  format: ['格式标识', 'format'],
  id: ['编号', 'ID'],
  name: ['名称', 'name'],
  vendor: ['厂家', 'vendor'],
  model: ['型号', 'model'],
  uRelPct: ['扩展不确定度 U (%)', 'expanded uncertainty U (%)'],
  kind: ['类型', 'kind'],
  link: ['串口设置', 'serial link'],
  baudRate: ['波特率', 'baud rate'],
  dataBits: ['数据位', 'data bits'],
  stopBits: ['停止位', 'stop bits'],
  parity: ['校验位', 'parity'],
  unitId: ['PLC 从站地址', 'PLC unit id'],
  flowLph: ['流量寄存器', 'flow register'],
  waterTempC: ['水温寄存器', 'water temperature register'],
  inletKpa: ['进口压力寄存器', 'inlet pressure register'],
  outletKpa: ['出口压力寄存器', 'outlet pressure register'],
  tightnessKpa: ['密封性试验压力寄存器', 'tightness pressure register'],
  airTempC: ['气温寄存器', 'air temperature register'],
  airHPa: ['气压寄存器', 'air pressure register'],
  airRhPct: ['湿度寄存器', 'humidity register'],
  valves: ['阀门', 'valve'],
  targetFlowLph: ['流量设定寄存器', 'flow set-point register'],
  pressurize: ['加压输出', 'pressurize output'],
  vent: ['泄压输出', 'vent output'],
  reference: ['标准器', 'reference'],
  pulses: ['标准表脉冲计数器', 'master meter pulse counter'],
  pulsesPerL: ['脉冲常数（脉冲/升）', 'pulses per litre'],
  volumeL: ['容积罐容积寄存器', 'tank volume register'],
  air: ['空气条件（固定值）', 'air conditions (fixed)'],
  tempC: ['气温', 'air temperature'],
  pressureHPa: ['气压', 'air pressure'],
  humidityPct: ['相对湿度', 'relative humidity'],
  reading: ['读数方式', 'reading'],
  positions: ['表位', 'positions'],
  position: ['表位号', 'position number'],
  counter: ['脉冲计数器', 'pulse counter'],
  timing: ['时序', 'timing'],
  pollMs: ['轮询周期 (ms)', 'poll period (ms)'],
  stableFlowSamples: ['流量稳定采样数', 'stable flow samples'],
  stableFlowTolPct: ['流量稳定容差 (%)', 'stable flow tolerance (%)'],
  flowStableTimeoutS: ['流量稳定等待时间 (s)', 'flow stable timeout (s)'],
  closedFlowLph: ['关阀残余流量 (L/h)', 'closed-valve flow (L/h)'],
  closeTimeoutS: ['关阀等待时间 (s)', 'close timeout (s)'],
  balanceStableTimeoutS: ['天平稳定等待时间 (s)', 'balance stable timeout (s)'],
  pressurizeTimeoutS: ['加压等待时间 (s)', 'pressurize timeout (s)'],
  table: ['寄存器区（保持/输入）', 'register table'],
  address: ['地址', 'address'],
  type: ['数据类型', 'data type'],
  wordOrder: ['字序', 'word order'],
  scale: ['比例系数', 'scale'],
  unit: ['单位', 'unit'],
  note: ['备注', 'note'],
  on: ['开启值', 'on value'],
  off: ['关闭值', 'off value'],
  register: ['寄存器', 'register'],
};

/** Where a field's name depends on what holds it (the dotted path without indexes). */
const contextNames: Names = {
  'setup.kind': ['装置类型', 'bench kind'],
  'setup.plc.link': ['PLC 串口设置', 'PLC serial link'],
  'setup.reference.kind': ['标准器类型', 'reference kind'],
  'setup.reference.link': ['天平串口设置', 'balance serial link'],
  'setup.reference.pulsesPerL': ['标准表脉冲常数（脉冲/升）', 'master meter pulses per litre'],
  'setup.plc.control.valves.kind': ['输出类型（线圈/寄存器）', 'output kind'],
};

/** Levels of the tree that only group: named by their children. */
const grouping = new Set(['setup', 'plc', 'registers', 'control']);

/** `setup.positions[0].counter.type` → ['setup', 'positions', 0, 'counter', 'type']; `(root)` → []. */
export function pathParts(path: string): Array<string | number> {
  if (path === '(root)' || path === '') return [];
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? ''));
  return out;
}

function at(input: unknown, parts: ReadonlyArray<string | number>): unknown {
  let cur = input;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/**
 * A person's name of the field at `path`, e.g. `流量寄存器 › 数据类型`, `表位 3 › 脉冲计数器`.
 * `input` (the configuration as edited) names a position by its number rather than its index.
 */
export function fieldLabel(path: string, lang: Locale, input?: unknown): string {
  const parts = pathParts(path);
  const i = lang === 'en' ? 1 : 0;
  if (parts.length === 0) return lang === 'en' ? 'the whole configuration' : '整个配置';
  const out: string[] = [];
  const named: string[] = [];
  parts.forEach((p, k) => {
    if (typeof p === 'number') {
      const parent = parts[k - 1];
      if (parent === 'positions') {
        const n = at(input, [...parts.slice(0, k + 1), 'position']);
        out.pop();
        out.push(lang === 'en' ? `position ${typeof n === 'number' ? n : `#${p + 1}`}` : typeof n === 'number' ? `表位 ${n}` : `第 ${p + 1} 个表位`);
      } else {
        out.push(`${out.pop() ?? ''} ${p + 1}`);
      }
      return;
    }
    named.push(p);
    const context = contextNames[named.join('.')];
    if (context) {
      // A context name says its parent too (标准器 › 类型 → 标准器类型).
      const parent = parts[k - 1];
      if (typeof parent === 'string' && !grouping.has(parent)) out.pop();
      out.push(context[i]);
      return;
    }
    if (grouping.has(p) && k < parts.length - 1) return;
    out.push(fieldNames[p]?.[i] ?? p);
  });
  return out.join(' › ');
}
