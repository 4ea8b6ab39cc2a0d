import { ApiProperty } from '@nestjs/swagger';
import { ApiNullableString } from '../common/openapi';
import type { Comment } from '@app/database';

export class CommentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) recommendationId: string;
  @ApiNullableString({ format: 'uuid' }) versionId: string | null;
  @ApiProperty({ type: Number, nullable: true }) start: number | null;
  @ApiProperty({ type: Number, nullable: true }) end: number | null;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiNullableString() authorName: string | null;
  @ApiNullableString({ format: 'uuid' }) parentId: string | null;
  @ApiProperty() resolved: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export function toCommentResponse(c: Comment, authorName: string | null = null): CommentResponse {
  return {
    id: c.id,
    recommendationId: c.recommendationId,
    versionId: c.versionId,
    start: c.start,
    end: c.end,
    body: c.body,
    authorId: c.authorId,
    authorName,
    parentId: c.parentId,
    resolved: c.resolved,
    createdAt: new Date(c.createdAt).toISOString(),
  };
}
