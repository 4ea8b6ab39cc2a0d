import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { RESULTS_VISIBILITIES, VOTE_METHODS, VOTE_SCOPES, VoteMethodName } from '@app/domain';

export { RESULTS_VISIBILITIES, VOTE_SCOPES };
export const MAX_VOTE_OPTIONS = 20;

export class VoteOptionDto {
  @ApiPropertyOptional({ description: 'a frozen version of a recommendation of the group' })
  @IsOptional() @IsUUID()
  versionId?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  label?: string;

  @ApiPropertyOptional({ description: 'approval only: a `submitted` amendment of the group; closing the vote decides it (v2)' })
  @IsOptional() @IsUUID()
  amendmentId?: string;
}

export class VoteRulesDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'share of the eligible voters who must cast a ballot' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1)
  quorum?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1, default: 0.5, description: 'approval: for/(for+against) must be strictly greater' })
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1)
  threshold?: number;

  @ApiPropertyOptional({ description: 'approval: the threshold must pass in the state and in the local college' })
  @IsOptional() @IsBoolean()
  doubleMajority?: boolean;
}

export class CreateVoteDto {
  @ApiProperty() @IsUUID()
  workingGroupId: string;

  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true }) @IsOptional() @IsUUID()
  sessionId?: string | null;

  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200)
  title: string;

  @ApiProperty({ enum: VOTE_METHODS }) @IsIn(VOTE_METHODS)
  method: VoteMethodName;

  @ApiProperty({ type: [VoteOptionDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_VOTE_OPTIONS) @ValidateNested({ each: true }) @Type(() => VoteOptionDto)
  options: VoteOptionDto[];

  @ApiPropertyOptional({ type: VoteRulesDto })
  @IsOptional() @ValidateNested() @Type(() => VoteRulesDto)
  rules?: VoteRulesDto;

  @ApiPropertyOptional({ enum: VOTE_SCOPES, default: 'member' }) @IsOptional() @IsIn(VOTE_SCOPES)
  scope?: (typeof VOTE_SCOPES)[number];

  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean()
  secret?: boolean;

  @ApiPropertyOptional({ enum: RESULTS_VISIBILITIES, default: 'after_close' }) @IsOptional() @IsIn(RESULTS_VISIBILITIES)
  resultsVisibility?: (typeof RESULTS_VISIBILITIES)[number];
}
