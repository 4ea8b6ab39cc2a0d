import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/** Trims a string before validation, so that "   " fails a MinLength(1). Other types pass through to fail their own check. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/**
 * The field may be absent, but not null: unlike `IsOptional()` (which lets null through to a
 * NOT NULL column), null is validated and refused by the field's own checks.
 */
export const OptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);
