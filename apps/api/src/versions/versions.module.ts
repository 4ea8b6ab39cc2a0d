import { Module } from '@nestjs/common';
import { VersionsController } from './versions.controller';
import { VersionsService } from './versions.service';

/** Frozen versions of the live drafts: Markdown, hash, diff. */
@Module({ controllers: [VersionsController], providers: [VersionsService], exports: [VersionsService] })
export class VersionsModule {}
