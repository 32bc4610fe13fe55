import type { CliCommand, CliOutput } from '../common/cli-command.js';
import { SCHEMA_USAGE } from './schema.cli-usage.js';
import { QvciService } from './qvci.service.js';
import { SchemaService, type SchemaStatus } from './schema.service.js';

function printStatus(status: SchemaStatus, out: CliOutput): void {
  out.line(`Engine: ${status.engine} (${status.database})`);
  out.line(`Schema version: ${status.version ?? 'none'}`);
  const missing = status.tables.filter((t) => !t.present);
  out.line(`Tables: ${status.tables.length - missing.length} of ${status.tables.length} present`);
  for (const t of status.tables) out.line(`  ${t.present ? 'present' : 'MISSING'}  ${t.name}`);
  if (status.pendingMigrations.length === 0) out.line('Pending migrations: none');
  else {
    out.line(`Pending migrations: ${status.pendingMigrations.length}`);
    for (const m of status.pendingMigrations) out.line(`  ${m.version}  ${m.description}`);
  }
}

export const SCHEMA_COMMAND: CliCommand = {
  ...SCHEMA_USAGE,
  async run(context, args, out) {
    const [sub] = args.positionals;
    const schema = context.get(SchemaService);
    switch (sub) {
      case 'setup': {
        const dryRun = args.values['dry-run'] === true;
        const result = await schema.setup({ dryRun });
        if (result.alreadyUpToDate) {
          out.line('Schema is up to date: nothing to do.');
        } else if (dryRun) {
          out.line('-- Dry run: this DDL would run; nothing was changed.');
          out.line(result.ddl);
        } else {
          for (const applied of result.applied) out.line(`Applied ${applied}`);
        }
        if (!dryRun) printStatus(await schema.status(), out);
        return 0;
      }
      case 'status': {
        const status = await schema.status();
        printStatus(status, out);
        return status.tables.every((t) => t.present) && status.pendingMigrations.length === 0 ? 0 : 3;
      }
      case 'qvci': {
        const qvci = await context.get(QvciService).recheck();
        out.line(`QVCI: ${qvci.state}`);
        out.line(`Query: ${qvci.query}`);
        out.line(`Evidence: ${qvci.detail}`);
        out.line(qvci.hint);
        return 0;
      }
      default:
        out.error(sub ? `Unknown schema command "${sub}".\n\n${SCHEMA_USAGE.help}` : SCHEMA_USAGE.help);
        return 2;
    }
  },
};
