import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import {
  COLLEGES,
  GROUP_ROLES,
  HORIZONS,
  NOTIFICATION_KINDS,
  ORGANIZATION_KINDS,
  PLATFORM_ROLES,
  RECOMMENDATION_STATUSES,
  SESSION_PHASES,
  VOTE_METHODS,
} from '@app/domain';

/**
 * The enums of the public contract (API.md) as named OpenAPI schemas: `openapi-typescript` turns
 * each into a string union the web app imports (`components['schemas']['Horizon']`).
 */
export const ENUMS = {
  PlatformRole: PLATFORM_ROLES,
  OrganizationKind: ORGANIZATION_KINDS,
  College: COLLEGES,
  GroupRole: GROUP_ROLES,
  SessionPhase: SESSION_PHASES,
  Horizon: HORIZONS,
  RecommendationStatus: RECOMMENDATION_STATUSES,
  WorkingGroupStatus: ['active', 'archived'],
  VoteMethod: VOTE_METHODS,
  VoteStatus: ['draft', 'open', 'closed'],
  VoteScope: ['member', 'organization'],
  ResultsVisibility: ['live', 'after_close'],
  Stance: ['favorable', 'favorable_with_reservations', 'unfavorable', 'abstention'],
  MilestoneStatus: ['planned', 'in_progress', 'done', 'late'],
  NotificationKind: NOTIFICATION_KINDS,
  AmendmentStatus: ['submitted', 'withdrawn', 'adopted', 'rejected', 'lapsed'],
  InvitationStatus: ['pending', 'accepted', 'expired'],
} as const;

/** `@ApiProperty` of a field whose values are the named enum `name`. */
export function ApiEnum(name: keyof typeof ENUMS, options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({ ...options, enum: [...ENUMS[name]], enumName: name } as ApiPropertyOptions);
}

/** A nullable string field (`string | null` in the generated types). */
export function ApiNullableString(options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({ type: String, nullable: true, ...options } as ApiPropertyOptions);
}

const pages = new Map<Type<unknown>, Type<unknown>>();

/** `{items, total}` of `item`, named after it (`UserResponse` → `UserPage`). */
export function PageOf<T>(item: Type<T>): Type<{ items: T[]; total: number }> {
  let page = pages.get(item);
  if (!page) {
    class Page {
      @ApiProperty({ type: [item] }) items: T[];
      @ApiProperty({ description: 'every item matching the query, all pages together' }) total: number;
    }
    Object.defineProperty(Page, 'name', { value: `${item.name.replace(/Response$/, '')}Page` });
    page = Page;
    pages.set(item, page);
  }
  return page as Type<{ items: T[]; total: number }>;
}

/** The body of every refusal (API.md): `message` is one text or the list of field messages. */
export class ApiErrorResponse {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }) message: string | string[];
  @ApiPropertyOptional({ description: 'the domain error code (API.md), when there is one', example: 'VOTE_CLOSED' }) code?: string;
}
