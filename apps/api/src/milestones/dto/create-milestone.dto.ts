import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, isISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { OptionalNotNull, Trim } from '../../working-groups/dto/validation';

/** Statuses a client sets; `late` is computed on read (due date passed and not done). */
export const SETTABLE_MILESTONE_STATUSES = ['planned', 'in_progress', 'done'] as const;
export type SettableMilestoneStatus = (typeof SETTABLE_MILESTONE_STATUSES)[number];

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO-8601 date-time (what `Date.prototype.toISOString` gives) becomes its UTC date; one
 * without an offset is read as UTC. A date stays as it is; anything else reaches the checks
 * unchanged and fails them (API.md v2: `dueDate` is answered as YYYY-MM-DD).
 */
export function toUtcDate(value: unknown): unknown {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || !isISO8601(value, { strict: true })) return value;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
  const at = new Date(zoned);
  return Number.isNaN(at.getTime()) ? value : at.toISOString().slice(0, 10);
}

/** `dueDate`: YYYY-MM-DD, or an ISO-8601 date-time whose UTC date is kept. */
export const DueDate = () => (target: object, key: string) => {
  Transform(({ value }) => toUtcDate(value))(target, key);
  IsString()(target, key);
  Matches(DATE_ONLY, { message: 'dueDate: date AAAA-MM-JJ ou date-heure ISO 8601 attendue' })(target, key);
  IsISO8601({ strict: true })(target, key);
};

export class CreateMilestoneDto {
  @ApiProperty({ example: 'Expérimentation dans trois régions' })
  @Trim() @IsString() @MinLength(1) @MaxLength(300)
  title: string;

  @ApiProperty({ example: '2027-06-30', description: 'YYYY-MM-DD; an ISO-8601 date-time is accepted and its UTC date kept' })
  @DueDate()
  dueDate: string;

  @ApiPropertyOptional({ format: 'uuid', type: String, nullable: true, description: 'An existing organisation' })
  @IsOptional() @IsUUID()
  ownerOrganizationId?: string | null;

  @ApiPropertyOptional({ enum: SETTABLE_MILESTONE_STATUSES, default: 'planned' })
  @OptionalNotNull() @IsIn(SETTABLE_MILESTONE_STATUSES)
  status?: SettableMilestoneStatus;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, default: 0 })
  @OptionalNotNull() @IsInt() @Min(0) @Max(100)
  progress?: number;
}
