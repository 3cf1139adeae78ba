/**
 * The batches screens' messages. zh-CN is the default; every key must have an English text
 * (checked by the type). Spread into the catalogs in i18n/zh-CN.ts and i18n/en.ts.
 */
export const batchesZh = {
  'nav.batches': '批次',
} as const;

export const batchesEn: Record<keyof typeof batchesZh, string> = {
  'nav.batches': 'Batches',
};
