import { Controller, Get, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/current-user';
import { ListQuery } from '../common/list.query';
import { UuidParam } from '../common/uuid.pipe';
import { DOCUMENT_TYPES, DocumentFormatQuery } from '../documents/document-format.query';
import { VersionNumber, VersionNumberPipe } from './version-number.pipe';
import { toVersionResponse, VersionDiffResponse, VersionPageResponse, VersionResponse } from './version.response';
import { VersionsService } from './versions.service';

@ApiTags('versions')
@ApiBearerAuth()
@Controller('recommendations/:id/versions')
export class VersionsController {
  constructor(private readonly versions: VersionsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Fige le brouillon enregistré en une nouvelle version (animateurs du groupe, administrateurs)' })
  @ApiCreatedResponse({ type: VersionResponse })
  async freeze(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string): Promise<VersionResponse> {
    return toVersionResponse(await this.versions.freeze(user, id));
  }

  @Get()
  @ApiOperation({ summary: 'Versions figées, par numéro (membres du groupe, administrateurs)' })
  @ApiOkResponse({ type: VersionPageResponse })
  async list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() q: ListQuery): Promise<VersionPageResponse> {
    const page = await this.versions.list(user, id, q.limit, q.offset);
    return { items: page.items.map(toVersionResponse), total: page.total };
  }

  @Get(':number')
  @ApiParam({ name: 'number', schema: { type: 'integer', minimum: 1 } })
  @ApiOkResponse({ type: VersionResponse })
  async get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Param('number', VersionNumberPipe) number: VersionNumber): Promise<VersionResponse> {
    return toVersionResponse(await this.versions.get(user, id, number));
  }

  @Get(':a/diff/:b')
  @ApiOperation({ summary: 'Différences mot à mot de la version a à la version b' })
  @ApiParam({ name: 'a', schema: { type: 'integer', minimum: 1 } })
  @ApiParam({ name: 'b', schema: { type: 'integer', minimum: 1 } })
  @ApiOkResponse({ type: VersionDiffResponse })
  diff(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Param('a', VersionNumberPipe) a: VersionNumber,
    @Param('b', VersionNumberPipe) b: VersionNumber,
  ): Promise<VersionDiffResponse> {
    return this.versions.diff(user, id, a, b);
  }

  @Get(':number/export')
  @ApiOperation({ summary: 'Une version figée en Markdown (le contenu empreinté), PDF ou OpenDocument (membres du groupe, administrateurs)' })
  @ApiParam({ name: 'number', schema: { type: 'integer', minimum: 1 } })
  @ApiProduces(...Object.values(DOCUMENT_TYPES))
  async export(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParam) id: string,
    @Param('number', VersionNumberPipe) number: VersionNumber,
    @Query() q: DocumentFormatQuery,
  ): Promise<StreamableFile> {
    const file = await this.versions.export(user, id, number, q.format ?? 'md');
    const disposition = `${q.format === 'odt' ? 'attachment' : 'inline'}; filename="${file.filename}"`;
    return new StreamableFile(file.body, { type: file.type, disposition, length: file.body.length });
  }
}
