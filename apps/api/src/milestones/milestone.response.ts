import { ApiProperty } from '@nestjs/swagger';
import { ApiEnum, ApiNullableString } from '../common/openapi';
import type { MilestoneStatus } from '@app/database';

export interface MilestoneFields {
  id: string;
  recommendationId: string;
  title: string;
  dueDate: string;
  ownerOrganizationId: string | null;
  status: MilestoneStatus;
  progress: number;
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in France (YYYY-MM-DD): a due date is a calendar day of the French administration. */
export function todayInFrance(now = new Date()): string {
  return PARIS_DAY.format(now);
}

/** `late` is computed on read: the due date has passed and the milestone is not done. */
export function effectiveStatus(stored: MilestoneStatus, dueDate: string, today: string): MilestoneStatus {
  return stored !== 'done' && dueDate < today ? 'late' : stored;
}

export class MilestoneResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) recommendationId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date', description: 'a calendar day in France' }) dueDate: string;
  @ApiNullableString({ format: 'uuid' }) ownerOrganizationId: string | null;
  @ApiEnum('MilestoneStatus', { description: '`late` is computed: due date passed and not done' }) status: MilestoneStatus;
  @ApiProperty({ minimum: 0, maximum: 100 }) progress: number;
}

export function toMilestoneResponse(m: MilestoneFields, today = todayInFrance()): MilestoneResponse {
  return {
    id: m.id,
    recommendationId: m.recommendationId,
    title: m.title,
    dueDate: m.dueDate,
    ownerOrganizationId: m.ownerOrganizationId,
    status: effectiveStatus(m.status, m.dueDate, today),
    progress: m.progress,
  };
}
