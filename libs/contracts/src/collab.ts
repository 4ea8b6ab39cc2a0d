/** y-websocket close codes (API.md, Realtime). */
export const CloseCode = {
  BadToken: 4401,
  Forbidden: 4403,
  UnknownDocument: 4404,
  Malformed: 4400,
  TooLarge: 1009,
  TooManyMessages: 4429,
} as const;

/** Extra y-websocket message type: `[100, varUint8Array(stateVector)]` after a commit. */
export const SAVED_ACK_MESSAGE = 100;

export const DOC_PREFIX = 'recommendation:';
export function docNameFor(recommendationId: string): string {
  return `${DOC_PREFIX}${recommendationId}`;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The recommendation id of a doc name, or null when it is not one of ours. */
export function recommendationIdOf(docName: string): string | null {
  if (!docName.startsWith(DOC_PREFIX)) return null;
  const id = docName.slice(DOC_PREFIX.length);
  return UUID.test(id) ? id.toLowerCase() : null;
}
