import { Module } from '@nestjs/common';
import { PositionsController } from './positions.controller';
import { PositionsRepository } from './positions.repository';
import { PositionsService } from './positions.service';

/** Formal positions of associations on frozen versions. */
@Module({
  controllers: [PositionsController],
  providers: [PositionsRepository, PositionsService],
  exports: [PositionsService],
})
export class PositionsModule {}
