import { chmodSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface BannerFacts {
  readonly port: number;
  readonly engine: 'embedded' | 'teradata';
  /** The embedded file (absolute), or the Teradata host and database. */
  readonly store: string;
  readonly demo: boolean;
  readonly adminUser: string;
  /** Generated for this start (ADMIN_PASSWORD unset). */
  readonly generatedPassword?: string;
  /** Where a generated password was written (JSON logs). */
  readonly passwordFile?: string;
}

const url = (port: number, path: string) => `http://localhost:${port}${path}`;

/** Where a generated admin password goes when the log is JSON: beside the embedded database, else the working directory. */
export function passwordFilePath(engine: 'embedded' | 'teradata', embeddedPath: string): string {
  return engine === 'embedded' && embeddedPath !== ':memory:' ? join(dirname(resolve(embeddedPath)), 'admin-password') : resolve('lineage-admin-password');
}

/** Writes a generated password for its owner only (0600), replacing the previous start's. */
export function writePasswordFile(path: string, password: string): void {
  writeFileSync(path, `${password}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/**
 * What a person at a terminal needs once the service is up: where the
 * admin pages, the API documentation and the health check are, where the
 * data lives, and how to sign in. `bold` wraps the headline (colour codes in
 * a terminal, nothing otherwise).
 */
export function startupBanner(f: BannerFacts, bold: (text: string) => string = (t) => t): string {
  const sign = f.generatedPassword
    ? `user ${f.adminUser}, password ${f.generatedPassword} (generated for this start: set ADMIN_PASSWORD to choose one)`
    : f.passwordFile
      ? `user ${f.adminUser}, password generated for this start in ${f.passwordFile}`
      : `user ${f.adminUser}, password from ADMIN_PASSWORD`;
  const data = f.engine === 'embedded' ? `embedded DuckDB ${f.store}${f.demo ? ' (with the demo warehouse)' : ''}` : `Teradata ${f.store}`;
  return [
    '',
    `  ${bold('Lineage is up')}`,
    `  Admin pages   ${url(f.port, '/admin')}   ${sign}`,
    `  API docs      ${url(f.port, '/api/docs')}`,
    `  Health        ${url(f.port, '/health/ready')}`,
    `  Data          ${data}`,
    '',
  ].join('\n');
}

/** The banner's facts as one log line (JSON logs: no password, at most the file it is in). */
export function bannerLogLine(f: BannerFacts): string {
  const data = f.engine === 'embedded' ? `embedded ${f.store}` : `Teradata ${f.store}`;
  return `Lineage ready: admin ${url(f.port, '/admin')}, API docs ${url(f.port, '/api/docs')}, health ${url(f.port, '/health/ready')}, data ${data}${f.passwordFile ? `; generated admin password in ${f.passwordFile}` : ''}`;
}
