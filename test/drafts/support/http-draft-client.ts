/** The HTTP-transport client lives with the bench that also drives it. */
export { HttpDraftClient, type SseEvent } from '../../../bench/http-draft-client';
