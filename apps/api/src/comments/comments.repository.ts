import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Comment, RecommendationVersion } from '@app/database';

/** The SQL boundary of comments. */
@Injectable()
export class CommentsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.ds.manager;
  }

  version(recommendationId: string, versionId: string, manager?: EntityManager): Promise<RecommendationVersion | null> {
    return this.m(manager).getRepository(RecommendationVersion).findOne({ select: { id: true, content: true }, where: { id: versionId, recommendationId } });
  }

  find(id: string, manager?: EntityManager): Promise<Comment | null> {
    return this.m(manager).getRepository(Comment).findOne({ where: { id } });
  }

  save(c: Partial<Comment>, manager?: EntityManager): Promise<Comment> {
    const repo = this.m(manager).getRepository(Comment);
    return repo.save(repo.create(c));
  }

  async list(recommendationId: string, versionId: string | undefined, limit: number, offset: number): Promise<{ items: Comment[]; total: number }> {
    const where = versionId ? { recommendationId, versionId } : { recommendationId };
    const [items, total] = await this.ds.getRepository(Comment).findAndCount({ where, order: { createdAt: 'ASC', id: 'ASC' }, take: limit, skip: offset });
    return { items, total };
  }
}
