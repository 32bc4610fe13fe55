import { isIP } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { parse as parseYaml } from 'yaml';
import { DEPRECATED_ALIASES, VARIABLES, type VariableDeclaration } from './config.schema.js';

export type ValueSource = 'env' | '.env' | 'config.yaml' | 'default';

export interface RawValue {
  readonly value: string | undefined;
  readonly source: ValueSource;
  /** The name it was found under, when a deprecated alias was used. */
  readonly alias?: string;
}

export type ParsedValue = string | number | boolean | readonly string[] | undefined;

export interface LoadedConfig {
  readonly values: Readonly<Record<string, ParsedValue>>;
  readonly sources: Readonly<Record<string, ValueSource>>;
  /** One per deprecated alias in use. */
  readonly warnings: readonly string[];
}

export interface ConfigProblem {
  readonly variable: string;
  readonly problem: string;
  readonly source: ValueSource;
}

export class ConfigValidationError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly problems: readonly ConfigProblem[],
    readonly warnings: readonly string[] = [],
  ) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.variable}: ${p.problem} (from ${p.source})`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}

export interface ConfigInputs {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Contents of `.env`, if any. */
  readonly dotenv?: string;
  /** Contents of `config.yaml`, if any. */
  readonly yaml?: string;
}

/** Reads the process environment, `.env` and `config.yaml` from the working directory. */
export function readConfigInputs(cwd = process.cwd(), env: Record<string, string | undefined> = process.env): ConfigInputs {
  const read = (file: string): string | undefined => {
    const path = resolve(cwd, file);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  };
  const configFile = env.CONFIG_FILE ?? 'config.yaml';
  return { env, dotenv: read('.env'), yaml: read(configFile) };
}

function yamlLayer(text: string | undefined, problems: ConfigProblem[]): Record<string, string> {
  if (text === undefined) return {};
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    problems.push({ variable: 'config.yaml', problem: `is not valid YAML: ${(err as Error).message.split('\n')[0]}`, source: 'config.yaml' });
    return {};
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    problems.push({ variable: 'config.yaml', problem: 'must be a mapping of VARIABLE: value', source: 'config.yaml' });
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    out[key] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}

function pick(name: string, layers: readonly [ValueSource, Record<string, string | undefined>][]): RawValue | undefined {
  for (const [source, layer] of layers) {
    const value = layer[name];
    if (value !== undefined) return { value, source };
    for (const [alias, target] of Object.entries(DEPRECATED_ALIASES)) {
      if (target === name && layer[alias] !== undefined) return { value: layer[alias], source, alias };
    }
  }
  return undefined;
}

const CRON_FIELD = /^[\d*/,\-?LW#A-Za-z]+$/;

/** An address, a subnet in CIDR form, or one of Express's named ranges. */
function isTrustedProxyToken(token: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(token)) return true;
  const [address, prefix, ...rest] = token.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function parseValue(decl: VariableDeclaration, raw: string): { value?: ParsedValue; problem?: string } {
  const text = raw.trim();
  switch (decl.type) {
    case 'string':
    case 'path':
      return { value: text };
    case 'identifier':
      // an unquoted Teradata object name: it is written into SQL text, so nothing else is accepted
      return /^[A-Za-z_$#][A-Za-z0-9_$#]{0,127}$/.test(text) ? { value: text } : { problem: `must be a Teradata database name (letters, digits, _ $ #), got "${text}"` };
    case 'int': {
      if (!/^-?\d+$/.test(text)) return { problem: decl.sensitive ? 'must be a whole number' : `must be a whole number, got "${text}"` };
      const n = Number(text);
      if (decl.min !== undefined && n < decl.min) return { problem: `must be at least ${decl.min}, got ${n}` };
      if (decl.max !== undefined && n > decl.max) return { problem: `must be at most ${decl.max}, got ${n}` };
      return { value: n };
    }
    case 'bool': {
      const t = text.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(t)) return { value: true };
      if (['false', '0', 'no', 'off'].includes(t)) return { value: false };
      return { problem: `must be true or false, got "${text}"` };
    }
    case 'enum': {
      const match = decl.values?.find((v) => v.toLowerCase() === text.toLowerCase());
      return match ? { value: match } : { problem: `must be one of ${decl.values?.join(', ')}, got "${text}"` };
    }
    case 'list':
      return { value: text === '' ? [] : text.split(',').map((s) => s.trim()).filter((s) => s !== '') };
    case 'cron': {
      if (text === '') return { value: '' };
      const fields = text.split(/\s+/);
      if ((fields.length !== 5 && fields.length !== 6) || !fields.every((f) => CRON_FIELD.test(f))) {
        return { problem: `must be a cron expression of 5 or 6 fields (e.g. "0 */15 * * * *"), got "${text}"` };
      }
      return { value: text };
    }
    case 'utc-offset': {
      // ±HH:MM (or Z), within the offsets time zones use; parsed to minutes east of UTC
      if (/^z$/i.test(text)) return { value: 0 };
      const m = /^([+-])(\d{2}):(\d{2})$/.exec(text);
      const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : Number.NaN;
      return m && Number(m[3]) < 60 && minutes >= -12 * 60 && minutes <= 14 * 60 ? { value: minutes } : { problem: `must be an offset from UTC such as +01:00 or -05:00, got "${text}"` };
    }
    case 'trust-proxy': {
      // Parsed to what Express's `trust proxy` takes: '' (none), a hop count, or the addresses/subnets.
      if (text === '') return { value: '' };
      if (/^\d+$/.test(text)) {
        const hops = Number(text);
        return hops <= 10 ? { value: hops } : { problem: `must be a number of proxy hops from 0 to 10, or addresses/subnets, got "${text}"` };
      }
      const tokens = text
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== '');
      const bad = tokens.filter((t) => !isTrustedProxyToken(t));
      return bad.length === 0
        ? { value: tokens }
        : { problem: `must be a number of proxy hops, or comma-separated addresses or subnets (10.0.0.0/8, ::1, loopback, linklocal, uniquelocal); not understood: ${bad.map((b) => `"${b}"`).join(', ')}` };
    }
    case 'http-url': {
      if (text === '') return { value: '' };
      let url: URL | null = null;
      try {
        url = new URL(text);
      } catch {
        url = null;
      }
      // a user or password in the URL would be logged with it: refused, and never echoed
      if (url && (url.username !== '' || url.password !== '')) return { problem: 'must not carry a user or password (give the key in OPENLINEAGE_API_KEY)' };
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return { problem: `must be an http:// or https:// URL, got "${text}"` };
      return { value: text };
    }
    case 'host-port': {
      if (text === '') return { value: '' };
      const m = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.\-_]+):(\d{1,5})$/.exec(text);
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return { problem: `must be host:port (e.g. localhost:6379), got "${text}"` };
      return { value: text };
    }
  }
}

/**
 * Merges the layers (env > `.env` > `config.yaml` > defaults), parses every
 * declared variable and checks the rules between them. Collects every
 * problem and throws one ConfigValidationError listing them all; a
 * sensitive value is never part of a message.
 */
export function loadConfig(inputs: ConfigInputs): LoadedConfig {
  const problems: ConfigProblem[] = [];
  let dotenvLayer: Record<string, string> = {};
  if (inputs.dotenv !== undefined) dotenvLayer = parseDotenv(inputs.dotenv);
  const layers: [ValueSource, Record<string, string | undefined>][] = [
    ['env', inputs.env as Record<string, string | undefined>],
    ['.env', dotenvLayer],
    ['config.yaml', yamlLayer(inputs.yaml, problems)],
  ];

  const values: Record<string, ParsedValue> = {};
  const sources: Record<string, ValueSource> = {};
  const warnings: string[] = [];

  for (const decl of VARIABLES) {
    const found = pick(decl.name, layers);
    const source: ValueSource = found?.source ?? 'default';
    sources[decl.name] = source;
    if (found?.alias) {
      warnings.push(`${found.alias} is deprecated; use ${decl.name} instead (value taken from ${found.source})`);
    }
    const raw = found?.value ?? decl.default;
    if (raw === undefined) {
      values[decl.name] = undefined;
      continue;
    }
    if ((decl.type === 'int' || decl.type === 'bool' || decl.type === 'enum') && raw.trim() === '' && found) {
      // An explicitly empty typed value falls back to the default rather than failing.
      const fallback = decl.default === undefined ? undefined : parseValue(decl, decl.default).value;
      values[decl.name] = fallback;
      continue;
    }
    const parsed = parseValue(decl, raw);
    if (parsed.problem) problems.push({ variable: decl.name, problem: parsed.problem, source });
    else values[decl.name] = parsed.value;
  }

  checkRelations(values, sources, problems);
  if (problems.length > 0) throw new ConfigValidationError(problems, warnings);
  return { values, sources, warnings };
}

function checkRelations(values: Record<string, ParsedValue>, sources: Record<string, ValueSource>, problems: ConfigProblem[]): void {
  const host = values.TERADATA_HOST as string | undefined;
  if (host !== undefined && host !== '') {
    const password = values.TERADATA_PASSWORD as string | undefined;
    if (password === undefined || password === '') {
      problems.push({ variable: 'TERADATA_PASSWORD', problem: 'is required when TERADATA_HOST is set', source: sources.TERADATA_PASSWORD });
    }
    if (!/^[A-Za-z0-9.\-_:[\]]+$/.test(host)) {
      problems.push({ variable: 'TERADATA_HOST', problem: `must be a host name or IP address, got "${host}"`, source: sources.TERADATA_HOST });
    }
  }
  const min = values.VALIDATION_MIN_MAX_DEPTH as number | undefined;
  const def = values.VALIDATION_DEFAULT_MAX_DEPTH as number | undefined;
  const max = values.VALIDATION_MAX_DEPTH_LIMIT as number | undefined;
  if (min !== undefined && max !== undefined && min > max) {
    problems.push({ variable: 'VALIDATION_MIN_MAX_DEPTH', problem: `must not exceed VALIDATION_MAX_DEPTH_LIMIT (${max}), got ${min}`, source: sources.VALIDATION_MIN_MAX_DEPTH });
  } else if (def !== undefined && min !== undefined && max !== undefined && (def < min || def > max)) {
    problems.push({ variable: 'VALIDATION_DEFAULT_MAX_DEPTH', problem: `must be between VALIDATION_MIN_MAX_DEPTH (${min}) and VALIDATION_MAX_DEPTH_LIMIT (${max}), got ${def}`, source: sources.VALIDATION_DEFAULT_MAX_DEPTH });
  }
  const secret = values.ADMIN_SESSION_SECRET as string | undefined;
  if (secret !== undefined && secret !== '' && secret.length < 32) {
    problems.push({ variable: 'ADMIN_SESSION_SECRET', problem: 'must be at least 32 characters long', source: sources.ADMIN_SESSION_SECRET });
  }
  const metricsPath = values.METRICS_PATH as string | undefined;
  if (metricsPath !== undefined && !/^\/[A-Za-z0-9_\-/]*$/.test(metricsPath)) {
    problems.push({ variable: 'METRICS_PATH', problem: `must be a URL path starting with /, got "${metricsPath}"`, source: sources.METRICS_PATH });
  }
  if (values.RATE_LIMIT_STORE === 'redis' && !values.REDIS_ADDR) {
    problems.push({ variable: 'RATE_LIMIT_STORE', problem: 'is redis, which needs REDIS_ADDR (the Redis every replica shares)', source: sources.RATE_LIMIT_STORE });
  }
}
