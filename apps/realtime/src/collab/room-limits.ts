import * as Y from 'yjs';
import type { DocRoom } from './doc-room';

export type Admission = 'ok' | 'too-large' | 'busy';

/**
 * The size limits of one document: what is held in memory but not stored yet (the database not
 * keeping up, or down) and the encoded size of the document, both bounded by `maxDocBytes`.
 * `estimatedBytes` is an upper bound (updates are added as they come); it is measured exactly
 * only when the bound says the limit is near.
 */
export class RoomLimits {
  /** Upper bound of the encoded document size. */
  estimatedBytes = 0;
  /** Bytes applied in memory and not stored yet (pending + in flight). */
  unsavedBytes = 0;

  constructor(private readonly room: DocRoom) {}

  /** Whether an update of `length` bytes may be taken now. */
  admit(length: number): Admission {
    const max = this.room.host.config.maxDocBytes;
    if (this.unsavedBytes + length > max) return 'busy';
    if (this.estimatedBytes + length > max) {
      this.estimatedBytes = Y.encodeStateAsUpdate(this.room.doc).length;
      if (this.estimatedBytes + length > max) return 'too-large';
    }
    return 'ok';
  }

  /** An update applied in memory, to be stored. */
  taken(length: number): void {
    this.estimatedBytes += length;
    this.unsavedBytes += length;
  }
}
