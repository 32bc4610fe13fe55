/**
 * An extraction deadline a busy machine does not reach (EXTRACTION_DEADLINE_MS), for tests that are not
 * about the deadline: past the 5 s default a statement is recorded as timed out, and on a loaded machine
 * the demo's first-start population and the past-window runs lost lineage that way.
 */
export const BUSY_MACHINE_DEADLINE_MS = '120000';
