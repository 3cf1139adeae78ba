/**
 * The lookup page's sentences (docs/lookup.md). zh-CN is the default; the English catalog is
 * typed by the Chinese one's keys, so a missing sentence is a type error. `{name}` marks a
 * value filled in by `fill()`. The API's English `message` is never shown: the page says
 * what happened from the status and the reason code alone.
 */
export const lookupZh = {
  'page.title': '水表检定信息查询',
  'lang.switch': 'English',
  'search.label': '出厂编号（表号）',
  'search.placeholder': '请输入水表上的出厂编号',
  'search.submit': '查询',
  'search.intro': '输入水表表盘或标签上的出厂编号，查询其首次检定信息。扫描标签上的二维码可直接打开本页。',
  'search.again': '查询其他水表',
  'search.problem.empty': '请输入出厂编号。',
  'search.problem.chars': '出厂编号只能由数字、字母和连字符组成，中间不能有空格。',
  'search.problem.length': '出厂编号应为 {min}–{max} 位。',
  'search.problem.hyphen': '出厂编号不能以连字符开头或结尾。',
  loading: '正在查询……',
  'verdict.label': '检定结论',
  'verdict.合格': '合格',
  'verdict.不合格': '不合格',
  'validUntil.label': '有效期至',
  'validUntil.none': '无（检定不合格）',
  'validUntil.expired': '已超过有效期',
  'meter.serialLine': '出厂编号 {serial}',
  'field.instrument_name': '计量器具名称',
  'field.model': '规格型号',
  'field.serial': '出厂编号',
  'field.accuracy_class': '准确度等级',
  'field.manufacturer': '制造单位',
  'field.production_date': '生产日期',
  'field.verification_date': '检定日期',
  'field.valid_until': '有效期至',
  'field.conclusion': '检定结论',
  'field.institution': '检定机构',
  'integrity.verified': '✓ 检定记录的签名与记录链已通过服务器校验',
  'integrity.broken.title': '警告：检定记录未通过完整性校验',
  'integrity.broken.body': '这条记录的签名或记录链未能通过服务器校验，内容可能被改动。请勿以此结果为准，并联系检定机构核实。',
  'recall.title': '召回通知',
  'recall.issuedOn': '发布日期',
  'recall.reason': '召回原因',
  'recall.action': '处理办法',
  'recall.number': '通知编号',
  'notFound.title': '未找到该表号的检定信息',
  'notFound.body': '请核对出厂编号后重新查询。刚完成检定的水表，信息可能需要稍后才能查到。',
  'rateLimited.title': '查询过于频繁',
  'rateLimited.bodySeconds': '请在 {seconds} 秒后再试。',
  'rateLimited.body': '请稍后再试。',
  'unavailable.title': '暂时无法查询',
  'unavailable.body': '查询服务暂时不可用，请稍后再试。',
  'offline.title': '网络连接失败',
  'offline.body': '请检查网络连接后重试。',
  retry: '重试',
  'footer.source': '公开检定信息依据泰安市二检合一试点方案附件2，仅含计量器具与检定结论，不含原始数据与个人信息。',
} as const;

export type LookupMessageKey = keyof typeof lookupZh;

export const lookupEn: Record<LookupMessageKey, string> = {
  'page.title': 'Water meter verification lookup',
  'lang.switch': '中文',
  'search.label': 'Serial number',
  'search.placeholder': 'Number on the meter',
  'search.submit': 'Look up',
  'search.intro': 'Enter the serial number on the meter’s dial or label to see its first verification. Scanning the QR code on the label opens this page directly.',
  'search.again': 'Look up another meter',
  'search.problem.empty': 'Enter a serial number.',
  'search.problem.chars': 'A serial number holds only digits, letters and hyphens, with no spaces.',
  'search.problem.length': 'A serial number has {min}–{max} characters.',
  'search.problem.hyphen': 'A serial number does not begin or end with a hyphen.',
  loading: 'Looking up…',
  'verdict.label': 'Verification result',
  'verdict.合格': 'Passed',
  'verdict.不合格': 'Failed',
  'validUntil.label': 'Valid until',
  'validUntil.none': 'None (the meter failed)',
  'validUntil.expired': 'The verification has expired',
  'meter.serialLine': 'Serial number {serial}',
  'field.instrument_name': 'Instrument',
  'field.model': 'Model',
  'field.serial': 'Serial number',
  'field.accuracy_class': 'Accuracy class',
  'field.manufacturer': 'Manufacturer',
  'field.production_date': 'Production date',
  'field.verification_date': 'Verification date',
  'field.valid_until': 'Valid until',
  'field.conclusion': 'Result',
  'field.institution': 'Verification institute',
  'integrity.verified': '✓ The record’s signature and chain were checked by the server',
  'integrity.broken.title': 'Warning: the verification record failed its integrity check',
  'integrity.broken.body': 'The record’s signature or chain did not hold when the server checked it; its content may have been altered. Do not rely on this result; ask the verification institute.',
  'recall.title': 'Recall notice',
  'recall.issuedOn': 'Issued on',
  'recall.reason': 'Reason',
  'recall.action': 'What to do',
  'recall.number': 'Notice number',
  'notFound.title': 'No verification information for this serial number',
  'notFound.body': 'Check the serial number and try again. A meter verified very recently may take a while to appear.',
  'rateLimited.title': 'Too many lookups',
  'rateLimited.bodySeconds': 'Please try again in {seconds} seconds.',
  'rateLimited.body': 'Please try again later.',
  'unavailable.title': 'The lookup is unavailable',
  'unavailable.body': 'The lookup service is unavailable at the moment; please try again later.',
  'offline.title': 'No network connection',
  'offline.body': 'Check your network connection and try again.',
  retry: 'Try again',
  'footer.source': 'Public verification information per Annex 2 of the Tai’an pilot plan: the instrument and the result only, never raw data or personal information.',
};

export type LookupLocale = 'zh-CN' | 'en';

const catalogs: Record<LookupLocale, Record<LookupMessageKey, string>> = { 'zh-CN': lookupZh, en: lookupEn };

export function text(locale: LookupLocale, key: LookupMessageKey, values: Record<string, string | number> = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** zh-CN unless the URL asks for English (`?lang=en`): the pilot's public is Chinese. */
export function localeFromSearch(search: string): LookupLocale {
  return new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'zh-CN';
}

/** A civil date (YYYY-MM-DD) as each language writes it: 2032年3月1日, 2032-03-01. */
export function formatDate(locale: LookupLocale, isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m || locale === 'en') return isoDate;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}
