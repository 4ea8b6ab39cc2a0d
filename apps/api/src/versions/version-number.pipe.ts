import { PipeTransform } from '@nestjs/common';
import { invalid, notFound } from '@app/domain';

/**
 * A version number taken from a path. Branded on purpose: TypeScript emits `Object` as the
 * design type of an intersection, so the global ValidationPipe leaves the raw string alone
 * (it would turn "1e3" or "0x10" into integers) and this pipe sees what the client sent.
 */
export type VersionNumber = number & { readonly __versionNumber: true };

/**
 * Anything but a decimal integer is a 400; an integer that cannot be a version number
 * (0, negative, beyond int4) is simply unknown: 404.
 */
export class VersionNumberPipe implements PipeTransform<unknown, VersionNumber> {
  transform(value: unknown): VersionNumber {
    const raw = String(value);
    if (!/^[+-]?\d{1,20}$/.test(raw)) throw invalid('Le numéro de version doit être un entier');
    const n = Number(raw);
    if (n < 1 || n > 2_147_483_647) throw notFound('Version');
    return n as VersionNumber;
  }
}
