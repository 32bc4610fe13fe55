/**
 * Statements of OpenLineage emission: it reads what population wrote (the
 * finished population runs, the OL_RUN rows each of them created, their
 * datasets and active column edges) and keeps how far delivery got in
 * OL_WATERMARK. Read-only on the OL_* tables. One implementation per
 * dialect (`teradata/openlineage-emit.sql.ts`, `embedded/openlineage-emit.sql.ts`);
 * parameters are positional `?`.
 */

/** The OL_RUN rows population wrote carry a producer under this prefix (DBQL, view definitions, fixtures); ingested runs never do. */
export const POPULATION_PRODUCER_PATTERN = 'urn:lineage:population:%';

/** Population runs read per page, and statement runs per page. */
export const EMIT_RUN_PAGE = 50;
export const EMIT_STATEMENT_PAGE = 500;

export abstract class OpenLineageEmitStatements {
  /**
   * Finished, not dry population runs whose finished_at is at or after the
   * cursor, oldest first, EMIT_RUN_PAGE at most. Params: finished_at.
   * → run_id, method, trigger_source, state, started_at, finished_at, message
   */
  abstract readonly finishedRunsFrom: string;
  /** How many finished, not dry population runs finished after the cursor. Params: finished_at → pending */
  abstract readonly countFinishedRunsAfter: string;
  /**
   * Finished, not dry population runs started in [since, until), oldest
   * first, EMIT_RUN_PAGE at most, after (started_at, run_id).
   * Params: since, until, started_at, started_at, run_id → as finishedRunsFrom
   */
  abstract readonly finishedRunsStartedBetween: string;
  /**
   * One page of the OL_RUN rows population created in [from, to]
   * (created_at), after (created_at, run_id), in that order, with their job.
   * Params: producer pattern, from, to, created_at, created_at, run_id.
   * → run_id, event_type, event_time, created_at, producer, job_name, job_description, job_type, job_namespace
   */
  abstract readonly statementRunsPage: string;
  /** Params: run ids (`IN (?)`) → run_id, namespace, name */
  abstract readonly runInputs: string;
  /** Params: run ids (`IN (?)`) → run_id, namespace, name */
  abstract readonly runOutputs: string;
  /**
   * Active column edges the listed runs first wrote, namespaces as URIs.
   * Params: run ids (`IN (?)`).
   * → run_id, source_namespace, source_dataset, source_field, target_namespace, target_dataset, target_field,
   *   transformation_type, transformation_subtype, transformation_description, masking
   */
  abstract readonly edgesOfRuns: string;
  /** Params: watermark_name → watermark_at */
  abstract readonly getCursor: string;
  /** Params: watermark_name, watermark_at, updated_at (upsert). */
  abstract readonly setCursor: string;
}
