/**
 * `npm run openapi`: writes the OpenAPI document of the platform to apps/web/src/api/openapi.json
 * (then `openapi-typescript` turns it into apps/web/src/api/schema.d.ts, the web app's API types).
 *
 * No database, no port: the Nest application is created in preview mode, which scans the modules
 * and their controllers' metadata without instantiating any provider (so no connection is made),
 * which is all SwaggerModule needs. The modules are the all-in-one platform's (apps/standalone).
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { EventBus } from '@app/bus';
import { CoreModule, loadConfig } from '@app/core';
import { ApiModule } from '../apps/api/src/api.module';
import { openApiDocument } from '../apps/api/src/http-setup';
import { RealtimeModule } from '../apps/realtime/src/realtime.module';

export const OPENAPI_JSON = join(__dirname, '..', 'apps', 'web', 'src', 'api', 'openapi.json');

/** The document /api/docs-json serves, built without a database. */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  // never read: nothing is instantiated in preview mode
  const config = loadConfig({ JWT_SECRET: 'openapi-openapi-openapi-openapi-0123' });
  @Module({ imports: [CoreModule.forRoot({ config, databaseUrl: 'postgresql://unused@127.0.0.1:1/unused', bus: new EventBus(undefined, 'openapi') }), ApiModule, RealtimeModule] })
  class OpenApiModule {}
  const app = await NestFactory.create(OpenApiModule, { preview: true, logger: ['error'], abortOnError: false });
  try {
    app.setGlobalPrefix('api'); // as configureHttp does
    return openApiDocument(app);
  } finally {
    await app.close();
  }
}

/** The file's text: stable for a given document (the diff of a commit shows the API's change). */
export const serialize = (document: OpenAPIObject): string => `${JSON.stringify(document, null, 2)}\n`;

if (require.main === module) {
  buildOpenApiDocument()
    .then((document) => {
      mkdirSync(dirname(OPENAPI_JSON), { recursive: true });
      writeFileSync(OPENAPI_JSON, serialize(document));
      console.log(`${OPENAPI_JSON}: ${Object.keys(document.paths).length} paths, ${Object.keys(document.components?.schemas ?? {}).length} schemas`);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
