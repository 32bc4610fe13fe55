import { AppError } from '../common/app-error.js';

/** The grants that let `user` read the DBQL tables of a source (default: DBC's log tables). */
export const POPULATION_DBQL_GRANTS = (user: string, tables: { log: string; text: string } = { log: 'DBC.DBQLogTbl', text: 'DBC.DBQLSQLTbl' }): string =>
  `GRANT SELECT ON ${tables.log} TO ${user}; GRANT SELECT ON ${tables.text} TO ${user};`;

/** Another runner holds the single-runner lock. */
export class PopulationAlreadyRunningError extends AppError {
  constructor(
    readonly holder: string,
    readonly since: Date | null,
  ) {
    super(
      'POPULATION_ALREADY_RUNNING',
      'conflict',
      `A population run is already in progress (held by ${holder}${since ? ` since ${since.toISOString()}` : ''}); wait for it to finish, or see the population runs page.`,
      { holder, since: since?.toISOString() ?? null },
    );
  }
}

/** The service user may not read the DBQL tables. */
export class PopulationDbqlAccessError extends AppError {
  constructor(user: string, dbCode: number | undefined, options?: { cause?: unknown; tables?: { log: string; text: string } }) {
    super(
      'POPULATION_DBQL_ACCESS_DENIED',
      'unavailable',
      `The database user ${user} may not read the DBQL query log${dbCode ? ` (Teradata error ${dbCode})` : ''}. ` +
        `A DBA must run: ${POPULATION_DBQL_GRANTS(user, options?.tables)}`,
      { databaseErrorCode: dbCode ?? null, grants: POPULATION_DBQL_GRANTS(user, options?.tables) },
      options,
    );
  }
}

export class PopulationInvalidOptionsError extends AppError {
  constructor(message: string) {
    super('POPULATION_INVALID_OPTIONS', 'invalid', message);
  }
}

export class PopulationRunNotFoundError extends AppError {
  constructor(runId: string) {
    super('POPULATION_RUN_NOT_FOUND', 'not_found', `No population run with id ${runId}`);
  }
}

export class PopulationFixturesMissingError extends AppError {
  constructor(path: string, reason: string) {
    super('POPULATION_FIXTURES_UNREADABLE', 'unavailable', `Cannot read the fixture mappings ${path}: ${reason}`);
  }
}
