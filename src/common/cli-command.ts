import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';

/** Output of a CLI command: plain text for people, separate from the JSON logs. */
export interface CliOutput {
  line(text?: string): void;
  error(text: string): void;
  /** A progress line redrawn in place on a terminal, printed every few seconds otherwise; `final`: the last one, always printed, ending its line. */
  progress(text: string, final?: boolean): void;
}

/** A command's words: all that `--help`, "did you mean" and the option parser need, in a file that loads nothing else. */
export interface CliUsage {
  /** First word on the command line: `schema`, `populate`… */
  readonly name: string;
  readonly summary: string;
  /** Full help text, printed by `--help`. */
  readonly help: string;
  /** Options understood, for node:util parseArgs. */
  readonly options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
}

/** A command's registry entry: its usage, and its implementation loaded only when it runs (it pulls in Nest and its modules). */
export interface CliEntry {
  readonly usage: CliUsage;
  load(): Promise<CliCommand>;
}

export interface CliCommand extends CliUsage {
  /** Feature modules the command needs (Config, logging and the database port are always there). */
  modules?(config: AppConfig): (DynamicModule | Type<unknown>)[];
  /**
   * Runs the command inside a Nest application context. Resolves to the
   * process exit code. Throw AppError for a readable one-line failure.
   */
  run(context: INestApplicationContext, args: { positionals: string[]; values: Record<string, string | boolean | undefined> }, out: CliOutput): Promise<number>;
}
