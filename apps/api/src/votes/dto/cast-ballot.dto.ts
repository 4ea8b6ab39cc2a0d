import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { APPROVAL_CHOICES, CONSENT_CHOICES, GRADES } from '@app/domain';

export const BALLOT_CHOICES = [...APPROVAL_CHOICES, ...CONSENT_CHOICES] as const;
export const MAX_REASON_LENGTH = 2000;

/** One of `{choice}`, `{choice:'objection', reason}`, `{grades:{optionId:grade}}`; checked against the vote's method by the service. */
export class CastBallotDto {
  @ApiPropertyOptional({ enum: BALLOT_CHOICES, description: 'approval: for|against|abstain; consent: consent|objection' })
  @IsOptional() @IsIn(BALLOT_CHOICES)
  choice?: (typeof BALLOT_CHOICES)[number];

  @ApiPropertyOptional({ maxLength: MAX_REASON_LENGTH, description: 'consent: required with an objection' })
  @IsOptional() @IsString() @MaxLength(MAX_REASON_LENGTH)
  reason?: string;

  @ApiPropertyOptional({ description: `majority judgment: {optionId: grade} for every option; grades: ${GRADES.join(', ')}`, type: 'object', additionalProperties: { type: 'string', enum: [...GRADES] } })
  @IsOptional() @IsObject()
  grades?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'approval/consent: the version voted on; must be the vote option’s version (400 otherwise)' })
  @IsOptional() @IsUUID()
  versionId?: string;

  @ApiPropertyOptional({ description: 'approval/consent: the option voted on; must be the vote’s option (400 otherwise)' })
  @IsOptional() @IsUUID()
  optionId?: string;
}
