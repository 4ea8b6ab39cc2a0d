import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';
/** The route needs no token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ADMIN_ONLY = 'adminOnly';
/** Only platform admins. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);
