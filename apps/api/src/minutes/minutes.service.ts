import { Injectable } from '@nestjs/common';
import { notFound } from '@app/domain';
import type { AuthUser } from '../common/current-user';
import { GroupAccess } from '../access/group-access.service';
import { AmendmentsService } from '../amendments/amendments.service';
import { ProvenanceService } from '../provenance/provenance.service';
import { PositionsService } from '../positions/positions.service';
import { VotesService } from '../votes/votes.service';
import { buildMinutes, MinutesData } from './minutes.document';
import { toMarkdown } from './minutes.markdown';
import { toPdf } from './minutes.pdf';
import { toOdt } from '../documents/odt.writer';
import { MinutesRepository } from './minutes.repository';

@Injectable()
export class MinutesService {
  constructor(
    private readonly repo: MinutesRepository,
    private readonly access: GroupAccess,
    private readonly votes: VotesService,
    private readonly positions: PositionsService,
    private readonly amendments: AmendmentsService,
    private readonly provenance: ProvenanceService,
  ) {}

  /** Everything the minutes show: the session, its agenda, its votes (results only once closed), the positions received. */
  async data(user: AuthUser, sessionId: string): Promise<MinutesData> {
    const session = await this.repo.session(sessionId);
    if (!session) throw notFound('Séance');
    await this.access.role(user, session.workingGroupId, 'read');
    const group = await this.repo.group(session.workingGroupId);
    const votes = await this.repo.votesOfSession(session.id);
    const options = await Promise.all(votes.map((v) => this.votes.optionsOf(v.id)));
    const agenda = session.agenda ?? [];
    const recIds = new Set(agenda.map((a) => a.recommendationId));
    for (const opts of options) for (const o of opts) if (o.recommendationId) recIds.add(o.recommendationId);
    const recs = await this.repo.recommendations([...recIds]);
    const positions = await this.positions.currentOn([...recIds]);
    const amendments = await this.amendments.examinedInSession(session.id);
    const provenance = await this.provenance.latestOf(agenda.map((a) => a.recommendationId));
    return {
      session: { id: session.id, title: session.title, startsAt: new Date(session.startsAt), endsAt: new Date(session.endsAt), phase: session.phase, agenda },
      group: { id: session.workingGroupId, title: group?.title ?? '' },
      recommendations: new Map(recs.map((r) => [r.id, { id: r.id, title: r.title, status: r.status, horizon: r.horizon }])),
      votes: votes.map((v, i) => ({
        id: v.id,
        title: v.title,
        method: v.method,
        status: v.status,
        scope: v.scope,
        secret: v.secret,
        rules: v.rules ?? {},
        openedAt: v.openedAt ? new Date(v.openedAt) : null,
        closedAt: v.closedAt ? new Date(v.closedAt) : null,
        options: options[i],
        results: v.status === 'closed' ? v.results : null,
      })),
      positions: positions.map((p) => ({ ...p, submittedAt: new Date(p.submittedAt) })),
      amendments,
      provenance,
      generatedAt: new Date(),
    };
  }

  async markdown(user: AuthUser, sessionId: string): Promise<string> {
    return toMarkdown(buildMinutes(await this.data(user, sessionId)));
  }

  async pdf(user: AuthUser, sessionId: string): Promise<Buffer> {
    const data = await this.data(user, sessionId);
    return toPdf(buildMinutes(data), `Compte rendu — ${data.session.title}`);
  }

  async odt(user: AuthUser, sessionId: string): Promise<Buffer> {
    const data = await this.data(user, sessionId);
    return toOdt(buildMinutes(data), `Compte rendu — ${data.session.title}`, data.generatedAt);
  }
}
