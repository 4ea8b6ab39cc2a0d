import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { GroupRole } from '@app/domain';

@Entity()
export class GroupMember {
  @PrimaryColumn({ type: 'uuid' }) workingGroupId: string;
  @Index() @PrimaryColumn({ type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) role: GroupRole;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
