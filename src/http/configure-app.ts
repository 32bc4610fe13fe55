import type { Server } from 'node:http';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { urlencoded } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config.js';
import { LineageMetrics } from '../metrics/lineage.metrics.js';
import { ErrorFilter } from './error.filter.js';
import { answerLivenessFirst } from './liveness.js';
import { httpMetricsMiddleware } from './metrics.interceptor.js';
import { createValidationPipe } from './validation.pipe.js';
import { VENDOR_FILES, VENDOR_PREFIX } from './vendor-assets.js';

export const SWAGGER_PATH = 'api/docs';
export const SWAGGER_JSON_PATH = 'api/docs-json';
export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

/** Everything main.ts and the e2e tests share: security headers, parsing, validation, errors, views, Swagger. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  answerLivenessFirst(app.getHttpServer() as Server, app.getHttpAdapter().getInstance());
  // Behind a balancer: the client address (rate limits, login throttling, logs) and HTTPS (the admin
  // cookie's Secure flag) come from X-Forwarded-For/-Proto, believed only from the proxies named.
  if (config.http.trustProxy !== false) app.set('trust proxy', config.http.trustProxy);
  if (config.http.metricsEnabled) app.use(httpMetricsMiddleware(app.get(LineageMetrics)));
  // Bodies are parsed only where a route takes one: the admin forms here, OpenLineage events (JSON) by the lineage module.
  app.use('/admin', urlencoded({ limit: '64kb', extended: false }));
  // Only the admin pages use cookies (session, CSRF); the API never reads them.
  app.use('/admin', cookieParser());
  // One Content Security Policy for every page; the Swagger UI page alone may apply inline styles (swagger-ui
  // sets element styles from its scripts: blocked, they left blank bands and unstyled models). Scripts stay 'self' there too.
  const directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
    'upgrade-insecure-requests': null,
  };
  const strict = helmet({ contentSecurityPolicy: { useDefaults: true, directives } });
  const swaggerUi = helmet({ contentSecurityPolicy: { useDefaults: true, directives: { ...directives, 'style-src': ["'self'", "'unsafe-inline'"] } } });
  const docsPage = new RegExp(`^/${SWAGGER_PATH}(/|$)`);
  app.use((req: { path: string }, res: unknown, next: () => void) => (docsPage.test(req.path) ? swaggerUi : strict)(req as never, res as never, next));
  app.disable('x-powered-by');
  // No ETag hashing of every body: lineage graphs run to hundreds of kilobytes and change with the graph generation.
  app.set('etag', false);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.setBaseViewsDir(join(PROJECT_ROOT, 'views'));
  app.setViewEngine('hbs');
  app.useStaticAssets(join(PROJECT_ROOT, 'public'), { prefix: '/public/', maxAge: '1h' });
  // The explorer's graph libraries, each file by name from node_modules (no directory listing, nothing else there).
  for (const [name, file] of Object.entries(VENDOR_FILES)) {
    app.getHttpAdapter().getInstance().get(`${VENDOR_PREFIX}${name}`, (_req: unknown, res: { sendFile(path: string, options: object): void }) => res.sendFile(file, { maxAge: '1h' }));
  }

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Lineage API')
      .setDescription(
        'Column-level data lineage for Teradata, OpenLineage-aligned. Lineage is mined from DBQL, stored in OL_* tables and served here. ' +
          'When API_KEYS is set, every /api route needs a key (X-API-Key header or Authorization: Bearer).',
      )
      .setVersion('2.0')
      .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' }, 'api-key')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key as a bearer token' }, 'bearer')
      .build(),
  );
  SwaggerModule.setup(SWAGGER_PATH, app, document, { jsonDocumentUrl: SWAGGER_JSON_PATH, customSiteTitle: 'Lineage API' });
}
