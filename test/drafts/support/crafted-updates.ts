import * as Y from 'yjs';

/**
 * A well-formed update of one struct (a 1-character insert of client 7) whose clock is `clock`:
 * the v1 encoding is [groups, structs, client, clock, …struct], each a varuint.
 */
export function updateAtClock(clock: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 7;
  doc.getText('t').insert(0, 'x');
  const u = Y.encodeStateAsUpdate(doc);
  // [1 group, 1 struct, client 7, clock 0, …]
  if (u[0] !== 1 || u[1] !== 1 || u[2] !== 7 || u[3] !== 0) throw new Error('unexpected encoding');
  const varuint: number[] = [];
  let n = clock;
  while (n > 0x7f) {
    varuint.push(0x80 | (n % 0x80));
    n = Math.floor(n / 0x80);
  }
  varuint.push(n);
  return Uint8Array.from([...u.subarray(0, 3), ...varuint, ...u.subarray(4)]);
}
