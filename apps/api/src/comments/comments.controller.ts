import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/current-user';
import { UuidParam } from '../common/uuid.pipe';
import { CommentsService } from './comments.service';
import { CreateCommentDto } from './dto/create-comment.dto';
import { ListCommentsQuery } from './dto/list-comments.query';
import { UpdateCommentDto } from './dto/update-comment.dto';
import { CommentResponse } from './comment.response';
import { PageOf } from '../common/openapi';

@ApiTags('comments')
@ApiBearerAuth()
@Controller()
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @ApiCreatedResponse({ type: CommentResponse })
  @ApiOperation({ summary: 'Comment (optionally on a range of a version) or reply (participants and facilitators)' })
  @Post('recommendations/:id/comments')
  create(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateCommentDto) {
    return this.comments.create(user, id, dto);
  }

  @ApiOkResponse({ type: PageOf(CommentResponse) })
  @ApiOperation({ summary: 'Comments and replies, oldest first' })
  @Get('recommendations/:id/comments')
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() q: ListCommentsQuery) {
    return this.comments.list(user, id, q);
  }

  @ApiOkResponse({ type: CommentResponse })
  @ApiOperation({ summary: 'Resolve or reopen a comment' })
  @Patch('comments/:id')
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateCommentDto) {
    return this.comments.setResolved(user, id, dto.resolved);
  }
}
