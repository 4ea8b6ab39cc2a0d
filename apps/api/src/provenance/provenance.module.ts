import { Module } from '@nestjs/common';
import { ProvenanceController } from './provenance.controller';
import { ProvenanceRepository } from './provenance.repository';
import { ProvenanceService } from './provenance.service';

/** "Qui a écrit quoi": sentence provenance of frozen versions. */
@Module({
  controllers: [ProvenanceController],
  providers: [ProvenanceRepository, ProvenanceService],
  exports: [ProvenanceService],
})
export class ProvenanceModule {}
