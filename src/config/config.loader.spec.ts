import { describe, expect, it } from 'vitest';
import { buildAppConfig, secretValues } from './app-config.js';
import { ConfigValidationError, loadConfig, type ConfigInputs } from './config.loader.js';
import { VARIABLES } from './config.schema.js';

function load(inputs: Partial<ConfigInputs>) {
  return loadConfig({ env: {}, ...inputs });
}

function problemsOf(inputs: Partial<ConfigInputs>): ConfigValidationError {
  try {
    load(inputs);
  } catch (err) {
    if (err instanceof ConfigValidationError) return err;
    throw err;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('gives every declared default with no input at all', () => {
    const loaded = load({});
    const config = buildAppConfig(loaded);
    expect(config.database.engine).toBe('embedded');
    expect(config.database.user).toBe('demo_user');
    expect(config.database.database).toBe('demo_user');
    expect(config.database.port).toBe(1025);
    expect(config.http.port).toBe(8080);
    expect(config.redis.addr).toBe('localhost:6379');
    expect(config.redis.db).toBe(0);
    expect(config.lineage).toMatchObject({ maxDepthLimit: 20, defaultMaxDepth: 5, minMaxDepth: 1 });
    expect(config.database.embeddedPath).toBe('./data/lineage.duckdb');
    expect(config.database.embeddedDemo).toBe(true);
    expect(config.http.logLevel).toBe('info');
    for (const v of VARIABLES) expect(loaded.sources[v.name]).toBe('default');
  });

  it('takes env over .env over config.yaml over defaults, and says where each value came from', () => {
    const loaded = load({
      env: { API_PORT: '9001' },
      dotenv: 'API_PORT=9002\nREDIS_DB=3\n',
      yaml: 'API_PORT: 9003\nREDIS_DB: 4\nTERADATA_USER: etl_reader\n',
    });
    expect(loaded.values.API_PORT).toBe(9001);
    expect(loaded.sources.API_PORT).toBe('env');
    expect(loaded.values.REDIS_DB).toBe(3);
    expect(loaded.sources.REDIS_DB).toBe('.env');
    expect(loaded.values.TERADATA_USER).toBe('etl_reader');
    expect(loaded.sources.TERADATA_USER).toBe('config.yaml');
  });

  it('honours the deprecated names with one warning each', () => {
    const loaded = load({ env: { TD_HOST: 'td.example.com', TD_PASSWORD: 'pw-12345', TD_USER: 'u1', TD_DATABASE: 'lin_db', PORT: '8181' } });
    const config = buildAppConfig(loaded);
    expect(config.database).toMatchObject({ host: 'td.example.com', user: 'u1', database: 'lin_db', password: 'pw-12345' });
    expect(config.http.port).toBe(8181);
    expect(loaded.warnings).toHaveLength(5);
    expect(loaded.warnings.join('\n')).toContain('TD_HOST is deprecated; use TERADATA_HOST');
    expect(loaded.warnings.join('\n')).toContain('PORT is deprecated; use API_PORT');
  });

  it('prefers the new name over its deprecated alias', () => {
    const loaded = load({ env: { API_PORT: '8000', PORT: '9000' } });
    expect(loaded.values.API_PORT).toBe(8000);
    expect(loaded.warnings).toHaveLength(0);
  });

  it('lists every bad variable in one error, with where the value came from', () => {
    const err = problemsOf({
      env: { API_PORT: 'abc', EMBEDDED_DEMO: 'maybe' },
      dotenv: 'VALIDATION_MIN_MAX_DEPTH=30\n',
      yaml: 'LOG_LEVEL: loud\nREDIS_ADDR: nohostport\n',
    });
    const byName = Object.fromEntries(err.problems.map((p) => [p.variable, p]));
    expect(byName.API_PORT).toMatchObject({ source: 'env' });
    expect(byName.API_PORT.problem).toContain('whole number');
    expect(byName.EMBEDDED_DEMO.problem).toContain('true or false');
    expect(byName.VALIDATION_MIN_MAX_DEPTH).toMatchObject({ source: '.env' });
    expect(byName.VALIDATION_MIN_MAX_DEPTH.problem).toContain('VALIDATION_MAX_DEPTH_LIMIT (20)');
    expect(byName.LOG_LEVEL).toMatchObject({ source: 'config.yaml' });
    expect(byName.REDIS_ADDR.problem).toContain('host:port');
    expect(err.message.split('\n')[0]).toBe('Invalid configuration (5 problems):');
    for (const name of ['API_PORT', 'EMBEDDED_DEMO', 'VALIDATION_MIN_MAX_DEPTH', 'LOG_LEVEL', 'REDIS_ADDR']) expect(err.message).toContain(name);
  });

  it('requires a password with a Teradata host and never prints secrets', () => {
    const err = problemsOf({ env: { TERADATA_HOST: 'x', TERADATA_PASSWORD: '' } });
    expect(err.problems).toEqual([{ variable: 'TERADATA_PASSWORD', problem: 'is required when TERADATA_HOST is set', source: 'env' }]);

    const secret = 'S3cr3t-value-xyz';
    const err2 = problemsOf({ env: { ADMIN_SESSION_SECRET: secret, REDIS_PASSWORD: secret, TERADATA_HOST: 'td1', TERADATA_PASSWORD: secret, API_PORT: 'x' } });
    expect(err2.message).not.toContain(secret);
    expect(err2.message).toContain('ADMIN_SESSION_SECRET: must be at least 32 characters long');
  });

  it('rejects out-of-range numbers, bad enums, bad cron and bad identifiers', () => {
    const err = problemsOf({
      env: { API_PORT: '70000', TERADATA_PORT: '0', POPULATION_SCHEDULE: 'every minute', TERADATA_DATABASE: 'demo user;drop', TERADATA_LOGMECH: 'NONE', VALIDATION_DEFAULT_MAX_DEPTH: '50', POPULATION_PDCR_DATABASE: 'pdcr;drop', POPULATION_DBQL_SOURCE: 'history', POPULATION_DBQL_UTC_OFFSET: '+5' },
    });
    const names = err.problems.map((p) => p.variable).sort();
    expect(names).toEqual(['API_PORT', 'POPULATION_DBQL_SOURCE', 'POPULATION_DBQL_UTC_OFFSET', 'POPULATION_PDCR_DATABASE', 'POPULATION_SCHEDULE', 'TERADATA_DATABASE', 'TERADATA_LOGMECH', 'TERADATA_PORT', 'VALIDATION_DEFAULT_MAX_DEPTH']);
  });

  it('reports malformed YAML as a problem, not a crash', () => {
    const err = problemsOf({ yaml: 'API_PORT: [unclosed\n' });
    expect(err.problems[0]).toMatchObject({ variable: 'config.yaml', source: 'config.yaml' });
  });

  it('parses offsets from UTC to minutes east', () => {
    const minutes = (offset: string) => buildAppConfig(load({ env: { POPULATION_DBQL_UTC_OFFSET: offset } })).population.dbqlUtcOffsetMinutes;
    expect([minutes('+00:00'), minutes('Z'), minutes('-05:00'), minutes('+05:30'), minutes('+14:00')]).toEqual([0, 0, -300, 330, 840]);
    expect(() => load({ env: { POPULATION_DBQL_UTC_OFFSET: '-13:00' } })).toThrow(/POPULATION_DBQL_UTC_OFFSET.*offset from UTC/);
  });

  it('parses lists, booleans and cron expressions', () => {
    const config = buildAppConfig(load({ env: { API_KEYS: ' k1-aaaa , k2-bbbb,,', EMBEDDED_DEMO: 'off', POPULATION_SCHEDULE: '0 */15 * * * *' } }));
    expect(config.http.apiKeys).toEqual(['k1-aaaa', 'k2-bbbb']);
    expect(config.database.embeddedDemo).toBe(false);
    expect(config.population.schedule).toBe('0 */15 * * * *');
    expect(secretValues(config)).toEqual(['k1-aaaa', 'k2-bbbb']);
  });

  it('turns OpenLineage emission on with an http(s) OPENLINEAGE_URL only, resolves the endpoint under it, and keeps the key secret', () => {
    const off = buildAppConfig(load({})).openLineageEmit;
    expect([off.enabled, off.endpoint, off.batchSize]).toEqual([false, 'api/v1/lineage', 100]);
    const on = buildAppConfig(load({ env: { OPENLINEAGE_URL: 'https://marquez.example.com:5000/base', OPENLINEAGE_API_KEY: 'ol-secret-key' } }));
    expect(on.openLineageEmit.enabled).toBe(true);
    expect(on.openLineageEmit.target).toBe('https://marquez.example.com:5000/base/api/v1/lineage');
    expect(secretValues(on)).toContain('ol-secret-key');
    const custom = buildAppConfig(load({ env: { OPENLINEAGE_URL: 'http://consumer:8080/', OPENLINEAGE_ENDPOINT: '/ingest/events' } }));
    expect(custom.openLineageEmit.target).toBe('http://consumer:8080/ingest/events');
    for (const bad of ['ftp://host/x', 'consumer:8080', 'http://user:pw@host/', 'ftp://user:pw@host/']) {
      const err = problemsOf({ env: { OPENLINEAGE_URL: bad, OPENLINEAGE_API_KEY: 'ol-secret-key' } });
      expect(err.message).toMatch(/OPENLINEAGE_URL/);
      expect(err.message).not.toContain('ol-secret-key');
      expect(err.message).not.toContain(':pw@');
    }
  });

  it('takes TRUST_PROXY as none, a hop count or addresses and subnets, and names what it does not understand', () => {
    expect(buildAppConfig(load({})).http.trustProxy).toBe(false);
    expect(buildAppConfig(load({ env: { TRUST_PROXY: '1' } })).http.trustProxy).toBe(1);
    expect(buildAppConfig(load({ env: { TRUST_PROXY: ' 10.0.0.0/8, loopback ,fd00::/8,192.168.1.7' } })).http.trustProxy).toEqual(['10.0.0.0/8', 'loopback', 'fd00::/8', '192.168.1.7']);
    const err = problemsOf({ env: { TRUST_PROXY: '10.0.0.0/33, true, lb.internal' } });
    expect(err.problems).toEqual([expect.objectContaining({ variable: 'TRUST_PROXY' })]);
    expect(err.message).toContain('not understood: "10.0.0.0/33", "true", "lb.internal"');
    expect(problemsOf({ env: { TRUST_PROXY: '11' } }).message).toContain('from 0 to 10');
  });

  it('needs REDIS_ADDR for rate limits kept in Redis', () => {
    expect(problemsOf({ env: { RATE_LIMIT_STORE: 'redis', REDIS_ADDR: '' } }).problems).toEqual([expect.objectContaining({ variable: 'RATE_LIMIT_STORE' })]);
    expect(buildAppConfig(load({ env: { RATE_LIMIT_STORE: 'redis', REDIS_ADDR: 'redis:6379' } })).http.rateLimitStore).toBe('redis');
    expect(buildAppConfig(load({})).http.rateLimitStore).toBe('memory');
  });

  it('treats an explicitly empty REDIS_ADDR as "no Redis", and an empty number as its default', () => {
    const config = buildAppConfig(load({ env: { REDIS_ADDR: '', API_PORT: '' } }));
    expect(config.redis.addr).toBe('');
    expect(config.redis.enabled).toBe(false);
    expect(config.http.port).toBe(8080);
  });

  it('names the Teradata namespace after host and port', () => {
    const config = buildAppConfig(load({ env: { TERADATA_HOST: 'td1.corp', TERADATA_PASSWORD: 'pw-abcdef', TERADATA_PORT: '1026' } }));
    expect(config.database.engine).toBe('teradata');
    expect(config.database.namespaceUri).toBe('teradata://td1.corp:1026');
  });
});
