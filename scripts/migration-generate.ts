/**
 * Generates a migration from the difference between the entities and a database on which all
 * existing migrations have run. Usage (after `npm run build:server`):
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scratch node dist/scripts/migration-generate.js Name
 * Without DATABASE_URL an in-memory PGlite is used. Read the file it writes before committing it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDataSource, startEmbeddedDatabase } from '@app/database';

async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: migration-generate <PascalCaseName>');
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedDatabase();
  const ds = createDataSource({ url: process.env.DATABASE_URL ?? embedded!.url });
  await ds.initialize();
  await ds.runMigrations();
  const sql = await ds.driver.createSchemaBuilder().log();
  await ds.destroy();
  await embedded?.stop();
  if (sql.upQueries.length === 0) {
    console.log('no changes');
    return;
  }
  const ts = Date.now();
  const q = (s: string) => '`' + s.replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
  const up = sql.upQueries.map((x) => `    await queryRunner.query(${q(x.query)});`).join('\n');
  const down = sql.downQueries.reverse().map((x) => `    await queryRunner.query(${q(x.query)});`).join('\n');
  const file = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${ts} implements MigrationInterface {
  name = '${name}${ts}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down}
  }
}
`;
  const path = join('libs/database/src/migrations', `${ts}-${name}.ts`);
  writeFileSync(path, file);
  console.log(`wrote ${path}; add it to libs/database/src/migrations/index.ts`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
