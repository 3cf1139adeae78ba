/**
 * The announcement page's sentences (docs/authorisations.md "Public announcement"). zh-CN is
 * the default; the English catalog is typed by the Chinese keys, so a missing sentence is a
 * type error. The language follows `?lang=en`, as on the lookup page.
 */
export const announcementsZh = {
  'page.title': '二检合一授权单位公示',
  'lang.switch': 'English',
  intro: '泰安市生活用水表“二检合一”试点：经市场监管部门授权、在出厂前完成首次强制检定的企业，及其授权范围、有效期、状态和依法公开的处罚信息。',
  asOf: '状态日期：{date}（泰安时间）',
  loading: '正在读取公示信息……',
  none: '目前没有授权单位。',
  'field.certificateNo': '证书编号',
  'field.category': '授权类别',
  'field.scope': '授权范围',
  'field.validity': '有效期',
  'field.institute': '监督机构',
  scope: 'DN{min}–DN{max} 冷水水表',
  'scope.models': '规格型号：{models}',
  'scope.allModels': '规格型号：不限',
  validity: '{from} 至 {until}',
  'status.active': '有效',
  'status.suspended': '暂停',
  'status.revoked': '已撤销',
  'status.expired': '已过期',
  'status.not-yet-valid': '未生效',
  'penalties.heading': '公开的处罚信息',
  'penalties.none': '无公开的处罚信息。',
  'penalties.reference': '文号：{reference}',
  'penalty.non-conforming-sampling': '抽检发现不合格',
  'penalty.rectification-passed': '整改合格',
  'penalty.rectification-failed': '整改不合格，停止试点',
  'penalty.authorisation-revoked': '撤销授权',
  'penalty.new-authorisation': '重新授权',
  'unavailable.title': '暂时无法读取公示信息',
  'unavailable.body': '服务暂时不可用，请稍后再试。',
  'rateLimited.title': '访问过于频繁',
  'rateLimited.body': '请稍后再试。',
  'offline.title': '网络连接失败',
  'offline.body': '请检查网络连接后重试。',
  retry: '重试',
  'footer.source': '依据泰安市生活用水表“二检合一”试点方案公示授权单位名称、类别、范围、有效期及处罚信息。水表检定信息请扫描水表标签上的二维码查询。',
} as const;

export type AnnouncementKey = keyof typeof announcementsZh;

export const announcementsEn: Record<AnnouncementKey, string> = {
  'page.title': '二检合一 authorised enterprises',
  'lang.switch': '中文',
  intro: 'Tai’an’s “二检合一” pilot for household water meters: the enterprises the market regulator authorised to carry out the first compulsory verification before shipment, with their scope, validity, status and the penalties made public.',
  asOf: 'Status on {date} (Tai’an time)',
  loading: 'Loading…',
  none: 'No enterprise is authorised at present.',
  'field.certificateNo': 'Certificate',
  'field.category': 'Category',
  'field.scope': 'Scope',
  'field.validity': 'Valid',
  'field.institute': 'Supervising institute',
  scope: 'DN{min}–DN{max} cold water meters',
  'scope.models': 'Models: {models}',
  'scope.allModels': 'Models: any',
  validity: '{from} to {until}',
  'status.active': 'Valid',
  'status.suspended': 'Suspended',
  'status.revoked': 'Revoked',
  'status.expired': 'Expired',
  'status.not-yet-valid': 'Not yet valid',
  'penalties.heading': 'Penalties made public',
  'penalties.none': 'No penalty made public.',
  'penalties.reference': 'Document: {reference}',
  'penalty.non-conforming-sampling': 'Non-conforming meter found by sampling',
  'penalty.rectification-passed': 'Rectification accepted',
  'penalty.rectification-failed': 'Rectification failed: pilot stopped',
  'penalty.authorisation-revoked': 'Authorisation revoked',
  'penalty.new-authorisation': 'New authorisation',
  'unavailable.title': 'The announcement is unavailable',
  'unavailable.body': 'The service is unavailable at the moment; please try again later.',
  'rateLimited.title': 'Too many requests',
  'rateLimited.body': 'Please try again later.',
  'offline.title': 'No network connection',
  'offline.body': 'Check your network connection and try again.',
  retry: 'Try again',
  'footer.source': 'Published under Tai’an’s “二检合一” pilot plan: each authorised enterprise’s name, category, scope, validity and penalties. For a meter’s verification, scan the QR code on its label.',
};

export type AnnouncementLocale = 'zh-CN' | 'en';

const catalogs: Record<AnnouncementLocale, Record<AnnouncementKey, string>> = { 'zh-CN': announcementsZh, en: announcementsEn };

export function text(locale: AnnouncementLocale, key: AnnouncementKey, values: Record<string, string | number> = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The text of a penalty type; a type this page does not know is shown as it comes. */
export function penaltyText(locale: AnnouncementLocale, type: string): string {
  const key = `penalty.${type}`;
  return key in announcementsZh ? text(locale, key as AnnouncementKey) : type;
}
