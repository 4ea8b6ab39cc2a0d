import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { Recommendation, Session, Vote, WorkingGroup } from '@app/database';

@Injectable()
export class MinutesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  session(id: string): Promise<Session | null> {
    return this.ds.getRepository(Session).findOne({ where: { id } });
  }

  group(id: string): Promise<WorkingGroup | null> {
    return this.ds.getRepository(WorkingGroup).findOne({ where: { id } });
  }

  votesOfSession(sessionId: string): Promise<Vote[]> {
    return this.ds.getRepository(Vote).find({ where: { sessionId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  recommendations(ids: string[]): Promise<Recommendation[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.ds.getRepository(Recommendation).find({ where: { id: In(ids) } });
  }
}
