/**
 * The tightness test's messages on the bench screen (docs/rules.md R-TIGHT): a valid test
 * with its hold, an invalid one — which fails no meter and is run again — with its reason,
 * and the decay hint. zh-CN first; every key has an English text (checked by the type).
 * Spread into the catalogs in i18n/zh-CN.ts and i18n/en.ts.
 */
export const tightnessZh = {
  'tight.valid': '密封性试验有效：{required} kPa 以上保持 {held} s（最低 {min} kPa，设定 {setpoint} kPa）。请逐表确认有无泄漏、损坏。',
  'tight.invalid': '密封性试验无效，水表不因此判为不合格。请重新进行密封性试验。',
  'tight.leakHint': '保压期间压力下降 {decay} kPa：检查是否泄漏。',
  'tight.gauge': '压力表 {gauge}',
  'tight.reason.no-trace': '检定台未发送压力数据',
  'tight.reason.trace-out-of-order': '压力数据时间顺序错乱',
  'tight.reason.pressure-not-reached': '压力未达到 {required} kPa',
  'tight.reason.pressure-below-required': '保压期间压力低于 {required} kPa',
  'tight.reason.pressure-over-max': '压力超过最大允许值（2 × MAP）',
  'tight.reason.hold-too-short': '保压时间不足 {hold} s',
  'tight.fault.dip': '下一次密封性试验压力跌落',
  'tight.fault.sag': '下一次密封性试验压力缓降 20 kPa',
};

export const tightnessEn: Record<keyof typeof tightnessZh, string> = {
  'tight.valid': 'Tightness test valid: held above {required} kPa for {held} s (lowest {min} kPa, setpoint {setpoint} kPa). Confirm leak / damage for each meter.',
  'tight.invalid': 'Tightness test invalid — no meter fails because of it. Run the tightness test again.',
  'tight.leakHint': 'The pressure fell by {decay} kPa during the hold: check for leaks.',
  'tight.gauge': 'gauge {gauge}',
  'tight.reason.no-trace': 'the bench sent no pressure readings',
  'tight.reason.trace-out-of-order': 'the pressure readings are out of time order',
  'tight.reason.pressure-not-reached': 'the pressure never reached {required} kPa',
  'tight.reason.pressure-below-required': 'the pressure fell below {required} kPa during the hold',
  'tight.reason.pressure-over-max': 'the pressure exceeded the maximum allowed (2 × MAP)',
  'tight.reason.hold-too-short': 'the hold was shorter than {hold} s',
  'tight.fault.dip': 'Pressure dip in the next tightness test',
  'tight.fault.sag': 'Pressure falls 20 kPa in the next tightness test',
};
