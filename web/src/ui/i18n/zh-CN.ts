/** 简体中文 — the default language (operators first). */
export const zhCN = {
  'app.title': '二检合一 · 水表检定',
  'app.subtitle': 'DN15–DN40 冷水水表 出厂检定与首次强制检定合一（JJG 162-2019）',
  'nav.home': '首页',
  'nav.about': '关于',
  'nav.language': 'English',
  'nav.languageLabel': '切换语言',
  'home.heading': '欢迎使用',
  'home.lead': '本系统在检定台电脑上运行：读取检定台数据，实时计算示值误差与结论，离线保存原始记录，并一键同步至监管平台。',
  'home.status.ready': '规则引擎已就绪',
  'home.points': '检定流量点',
  'about.heading': '关于本软件',
  'about.softwareId': '软件标识（法制相关部分）',
  'about.version': '版本',
  'about.checksum': 'SHA-256 校验和',
  'about.scope': '校验范围：规则引擎（web/src/domain）、统计内核（assembly/）及法规配置',
  'about.profile': '现行法规配置',
  'about.regulation': '检定规程',
  'about.regulationValue': 'JJG 162-2019《饮用冷水水表检定规程》',
  'about.copy': '复制',
  'about.copied': '已复制',
} as const;

export type MessageKey = keyof typeof zhCN;
