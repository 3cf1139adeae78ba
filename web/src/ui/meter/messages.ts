/**
 * The meter screens' messages. zh-CN is the default; every key must have an English text
 * (checked by the type). Spread into the catalogs in i18n/zh-CN.ts and i18n/en.ts.
 */
export const meterZh = {
  'nav.meter': '水表记录',
} as const;

export const meterEn: Record<keyof typeof meterZh, string> = {
  'nav.meter': 'Meter record',
};
