/**
 * The certificate screens' messages. zh-CN is the default; every key must have an English text
 * (checked by the type). Spread into the catalogs in i18n/zh-CN.ts and i18n/en.ts.
 */
export const certificateZh = {
  'nav.certificate': '证书',
} as const;

export const certificateEn: Record<keyof typeof certificateZh, string> = {
  'nav.certificate': 'Certificate',
};
