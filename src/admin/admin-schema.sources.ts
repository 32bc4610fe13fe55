import { Inject, Injectable } from '@nestjs/common';
import { QvciService } from '../schema/qvci.service.js';
import { SchemaService } from '../schema/schema.service.js';
import { AdminQvciSource, AdminSchemaSource, type QvciView, type SchemaSetupView, type SchemaStatusView } from './admin.sources.js';

/** Schema status and setup for the admin pages, from the Schema module. */
@Injectable()
export class SchemaModuleSource extends AdminSchemaSource {
  constructor(@Inject(SchemaService) private readonly schema: SchemaService) {
    super();
  }

  status(): Promise<SchemaStatusView> {
    return this.schema.status();
  }

  setup(options: { dryRun: boolean }): Promise<SchemaSetupView> {
    return this.schema.setup(options);
  }
}

/** QVCI state and re-check for the admin pages, from the Schema module. */
@Injectable()
export class QvciModuleSource extends AdminQvciSource {
  constructor(@Inject(QvciService) private readonly qvci: QvciService) {
    super();
  }

  current(): Promise<QvciView> {
    return this.qvci.current();
  }

  recheck(): Promise<QvciView> {
    return this.qvci.recheck();
  }
}
