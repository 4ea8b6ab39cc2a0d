import { BadRequestException, INestApplication, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppConfig, limitHandshake } from '@app/core';
import { DRAFT_PATHS, DRAFT_SCHEMAS } from './common/drafts.openapi';
import { ApiErrorResponse } from './common/openapi';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { SafeInputPipe } from './common/safe-input.pipe';
import { requestId } from './common/request-id.middleware';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? `${path}${m.slice(e.property.length)}` : `${path}: ${m}`));
    return own.concat(flatten(e.children ?? [], path));
  });
}

/** The HTTP hardening and conventions of the API, shared by every entry point and the tests. */
export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', config.trustProxy);
  limitHandshake(app.getHttpServer(), config.handshakeTimeoutMs); // no request completes: closed (HANDSHAKE_TIMEOUT_MS)
  app.disable('x-powered-by');
  app.use(requestId);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'img-src': ["'self'", 'data:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          'script-src': ["'self'"],
          'font-src': ["'self'", 'data:'],
          // TLS is the reverse proxy's job: on plain HTTP (a LAN demo) upgrading would break every asset.
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.useBodyParser('json', { limit: config.bodyLimitBytes });
  app.useBodyParser('urlencoded', { limit: config.bodyLimitBytes, extended: false });
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, credentials: false });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new SafeInputPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => new BadRequestException(flatten(errors)),
    }),
  );
  app.useGlobalFilters(new DomainExceptionFilter());
  setupOpenApi(app);
}

function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

/**
 * The OpenAPI document of the API (served at /api/docs-json; `npm run openapi` writes it for the
 * web app's generated types): the controllers, plus `/api/drafts/*`, which the realtime service
 * serves ahead of Nest's router. Needs the app's modules and global prefix, not a database.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('Concertation API')
    .setDescription('Co-construction des politiques publiques entre l’État et les collectivités : programme, ateliers, recommandations, votes, positions, feuille de route.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, doc, { extraModels: [ApiErrorResponse] });
  Object.assign((document.components ??= {}), { schemas: { ...document.components.schemas, ...DRAFT_SCHEMAS } });
  document.paths = { ...document.paths, ...DRAFT_PATHS };
  return document;
}
