import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EventBus } from '@app/bus';
import { MergeItem, MergeOutcome, PlatformEvents } from '@app/contracts';
import { DomainError, ErrorCode } from '@app/domain';

/** How long the API waits for the realtime service to answer a merge. */
export const MERGE_TIMEOUT_MS = 30_000;

/**
 * Commands to the realtime service, the only writer of Yjs state: published on the bus, answered
 * on the bus by the node that applied them.
 */
@Injectable()
export class DraftCommands {
  constructor(@Inject(EventBus) private readonly bus: EventBus) {}

  applyAmendments(docName: string, items: MergeItem[], timeoutMs = MERGE_TIMEOUT_MS): Promise<MergeOutcome> {
    const requestId = randomUUID();
    return new Promise<MergeOutcome>((resolve, reject) => {
      const off = this.bus.subscribe('draft.apply-amendments.done', (e: PlatformEvents['draft.apply-amendments.done']) => {
        if (e.requestId !== requestId) return;
        clearTimeout(timer);
        off();
        if (e.outcome) resolve(e.outcome);
        else if (e.error?.code === 'locked') reject(new DomainError(ErrorCode.Locked, 'Le brouillon est verrouillé : déverrouillez-le pour fusionner les amendements'));
        else reject(new DomainError(ErrorCode.Unavailable, e.error?.message ?? 'La fusion a échoué'));
      });
      const timer = setTimeout(() => {
        off();
        reject(new DomainError(ErrorCode.Unavailable, 'Le service d’édition en direct n’a pas répondu : rien n’a été fusionné, réessayez'));
      }, timeoutMs);
      this.bus.publish('draft.apply-amendments', { requestId, docName, items }).catch((err: Error) => {
        clearTimeout(timer);
        off();
        reject(new DomainError(ErrorCode.Unavailable, `Commande non transmise : ${err.message}`));
      });
    });
  }
}
