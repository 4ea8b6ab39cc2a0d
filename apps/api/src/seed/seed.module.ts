import { Global, Module } from '@nestjs/common';
import { SeedRepository } from './seed.repository';
import { SeedService } from './seed.service';

@Global()
@Module({ providers: [SeedRepository, SeedService], exports: [SeedService] })
export class SeedModule {}
