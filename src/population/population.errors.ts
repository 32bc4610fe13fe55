import { AppError } from '../common/app-error.js';

export const POPULATION_DBQL_GRANTS = (user: string): string =>
  `GRANT SELECT ON DBC.DBQLogTbl TO ${user}; GRANT SELECT ON DBC.DBQLSQLTbl TO ${user};`;

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
  constructor(user: string, dbCode: number | undefined, options?: { cause?: unknown }) {
    super(
      'POPULATION_DBQL_ACCESS_DENIED',
      'unavailable',
      `The database user ${user} may not read the DBQL query log${dbCode ? ` (Teradata error ${dbCode})` : ''}. ` +
        `A DBA must run: ${POPULATION_DBQL_GRANTS(user)}`,
      { databaseErrorCode: dbCode ?? null, grants: POPULATION_DBQL_GRANTS(user) },
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
