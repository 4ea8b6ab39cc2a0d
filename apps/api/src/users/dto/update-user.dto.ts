import { PartialType } from '@nestjs/swagger';
import { CreateUserDto } from './create-user.dto';

/** Every field optional; only `organizationId` may be null (no organisation). */
export class UpdateUserDto extends PartialType(CreateUserDto, { skipNullProperties: false }) {}
