import { ArgumentMetadata, BadRequestException, PipeTransform } from '@nestjs/common';

/** Keys that name an object's machinery rather than data: refused wherever they appear. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** No request of the API needs more; class-transformer recurses and would overflow the stack. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Runs before the ValidationPipe on every body, query and path value:
 * - refuses values nested deeper than MAX_INPUT_DEPTH (a 1 MB body of `[[[[…` would otherwise
 *   overflow the stack in class-transformer: a 500);
 * - refuses the NUL character, which PostgreSQL text cannot hold (a clear 400, and no failed
 *   statement with its parameters in the logs);
 * - refuses the keys `__proto__`, `constructor` and `prototype`: JSON.parse makes them own
 *   properties, class-transformer then skips them, so the ValidationPipe never sees them and
 *   its "unknown fields are rejected" rule let them through (a 201). No DTO has such a field.
 * Walks iteratively, so the check itself cannot overflow.
 */
export class SafeInputPipe implements PipeTransform {
  transform(value: unknown, _metadata: ArgumentMetadata): unknown {
    const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
    while (stack.length) {
      const { v, depth } = stack.pop()!;
      if (typeof v === 'string') {
        if (v.includes('\u0000')) throw new BadRequestException('Le caractère nul (U+0000) est interdit');
      } else if (v && typeof v === 'object') {
        if (depth >= MAX_INPUT_DEPTH) throw new BadRequestException('Données trop imbriquées');
        for (const [k, child] of Object.entries(v)) {
          if (k.includes('\u0000')) throw new BadRequestException('Le caractère nul (U+0000) est interdit');
          if (FORBIDDEN_KEYS.has(k)) throw new BadRequestException([`property ${k} should not exist`]);
          stack.push({ v: child, depth: depth + 1 });
        }
      }
    }
    return value;
  }
}
