import { Global, Module } from '@nestjs/common';
import { GroupAccess } from './group-access.service';

/** The access boundary of the API (GroupAccess), for every feature. */
@Global()
@Module({ providers: [GroupAccess], exports: [GroupAccess] })
export class AccessModule {}
