import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { TeradataModule } from '../teradata/teradata.module.js';
import { OpenLineageEmitRepository } from './openlineage-emit.repository.js';
import { OpenLineageEmitScheduler } from './openlineage-emit.scheduler.js';
import { OpenLineageEmitter } from './openlineage-emitter.service.js';
import { OpenLineageTransport } from './openlineage.transport.js';

/**
 * OpenLineage emission (OPENLINEAGE_URL): finished population runs and the
 * statement runs they wrote, sent as RunEvents to a consumer. The emitter
 * (`deliverPending`, `resend`, `wake`) is what population and the CLI use;
 * nothing is sent unless OPENLINEAGE_URL is set.
 */
@Module({
  imports: [TeradataModule, MetricsModule],
  providers: [OpenLineageEmitRepository, OpenLineageTransport, OpenLineageEmitter],
  exports: [OpenLineageEmitter],
})
export class OpenLineageEmitModule {}

/** The background sender; imported once, by the HTTP service (the CLI sends only on `populate --emit-only`). */
@Module({
  imports: [OpenLineageEmitModule],
  providers: [OpenLineageEmitScheduler],
})
export class OpenLineageEmitTriggersModule {}
