import { ParseUUIDPipe } from '@nestjs/common';

/** `:id` params must be UUIDs: anything else is a 400, never a query. */
export const UuidParam = new ParseUUIDPipe({ version: undefined, errorHttpStatusCode: 400 });
