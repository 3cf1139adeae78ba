/**
 * The server's configuration, from flags and environment (flags win). Every value has a
 * default that makes `npm start` a working demo on 127.0.0.1:8080.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface ServerConfig {
  host: string;
  port: number;
  /** folder of the SQLite file and the server's keys */
  dataDir: string;
  /** the SQLite file, or ':memory:' */
  dbFile: string;
  /** the built PWA (dist/) */
  staticRoot: string;
  /** what labels' QR codes and the lookup links use: `<publicBaseUrl>/lookup/<serial>` */
  publicBaseUrl: string;
  /** the NQI platform's base URL; 'embedded' starts the NQI simulator in-process (the demo) */
  nqiUrl: string;
  /** the first admin, created when the database has no user: `name:password` */
  firstAdmin: string | null;
  /** create the demo enterprise, users and enrolment code when the database is empty */
  demo: boolean;
  /** the legal metrology institute named on certificates and in the lookup */
  institutionName: string;
  /** public lookup API requests per client address per minute (docs/lookup.md "Rate limit"); the load benchmark raises it */
  lookupRatePerMinute: number;
  logLevel: string;
}

export class ConfigError extends Error {}


export function parseConfig(argv: string[], environment: Record<string, string | undefined> = process.env): ServerConfig {
  const e = (name: string) => environment[name] || undefined;
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      dist: { type: 'string' },
      'public-url': { type: 'string' },
      'nqi-url': { type: 'string' },
      'first-admin': { type: 'string' },
      'no-demo': { type: 'boolean' },
      institution: { type: 'string' },
      'lookup-rate': { type: 'string' },
      'log-level': { type: 'string' },
    },
    strict: true,
  });
  const host = values.host ?? e('ERJIAN_HOST') ?? '127.0.0.1';
  const portText = values.port ?? e('PORT') ?? e('ERJIAN_PORT') ?? '8080';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be an integer 0–65535, got ${portText}`);
  const lookupRateText = values['lookup-rate'] ?? e('ERJIAN_LOOKUP_RATE') ?? '120';
  const lookupRatePerMinute = Number(lookupRateText);
  if (!Number.isInteger(lookupRatePerMinute) || lookupRatePerMinute < 1) throw new ConfigError(`--lookup-rate must be a positive integer (requests per minute per address), got ${lookupRateText}`);
  const dataDir = resolve(values.data ?? e('ERJIAN_DATA') ?? 'data');
  const publicBaseUrl = (values['public-url'] ?? e('ERJIAN_PUBLIC_URL') ?? `http://${host}:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicBaseUrl);
  } catch {
    throw new ConfigError(`--public-url must be an absolute URL, got ${publicBaseUrl}`);
  }
  return {
    host,
    port,
    dataDir,
    dbFile: resolve(dataDir, 'erjian.sqlite'),
    staticRoot: resolve(values.dist ?? e('ERJIAN_DIST') ?? 'dist'),
    publicBaseUrl,
    nqiUrl: values['nqi-url'] ?? e('ERJIAN_NQI_URL') ?? 'embedded',
    firstAdmin: values['first-admin'] ?? e('ERJIAN_FIRST_ADMIN') ?? null,
    demo: !(values['no-demo'] ?? e('ERJIAN_NO_DEMO') === '1'),
    institutionName: values.institution ?? e('ERJIAN_INSTITUTION') ?? '泰安市法定计量检定机构（演示）',
    lookupRatePerMinute,
    logLevel: values['log-level'] ?? e('ERJIAN_LOG_LEVEL') ?? 'info',
  };
}

/** A configuration for tests and tools: the defaults of `parseConfig([])` (no environment), with these values. */
export function configWith(values: Partial<ServerConfig> & Pick<ServerConfig, 'staticRoot'>): ServerConfig {
  const base = parseConfig(['--port', '0', '--no-demo'], {});
  const dataDir = values.dataDir ?? base.dataDir;
  const merged = { ...base, logLevel: 'warn', ...values, dataDir, dbFile: values.dbFile ?? resolve(dataDir, 'erjian.sqlite') };
  return { ...merged, publicBaseUrl: values.publicBaseUrl ?? merged.publicBaseUrl };
}
