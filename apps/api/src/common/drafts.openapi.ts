import type { OperationObject, ParameterObject, PathsObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';

/**
 * `/api/drafts/*` in the OpenAPI document. These routes are served by the realtime service ahead
 * of Nest's router (DraftsHttpGateway), so no controller describes them: this constant does,
 * and `openApiDocument()` adds it to the generated paths. Statuses: README "Live drafts without
 * websockets" (API.md, "State networks").
 */

const ERROR = '#/components/schemas/ApiErrorResponse';
const error = (description: string, headers?: ResponseObject['headers']): ResponseObject => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: { $ref: ERROR } } },
});
const retryAfter = (seconds: string): ResponseObject['headers'] => ({ 'Retry-After': { description: `seconds (${seconds})`, schema: { type: 'integer' } } });
const json = (description: string, schema: SchemaObject | ReferenceObject): ResponseObject => ({ description, content: { 'application/json': { schema } } });

const base64 = (description: string): SchemaObject => ({ type: 'string', format: 'byte', description });

export const DRAFT_SCHEMAS: Record<string, SchemaObject> = {
  DraftState: {
    type: 'object',
    required: ['update', 'stateVector'],
    properties: {
      update: base64('Yjs update (base64): what a client with the given state vector lacks of the stored document'),
      stateVector: base64('the stored document\'s Yjs state vector (base64)'),
    },
  },
  DraftUpdateBody: {
    type: 'object',
    required: ['update'],
    additionalProperties: false,
    properties: { update: base64('a Yjs update (POST updates) or a y-protocols awareness update (POST awareness), base64') },
  },
  DraftSaved: {
    type: 'object',
    required: ['stateVector'],
    properties: { stateVector: base64('the document\'s state vector once the update is stored in PostgreSQL') },
  },
  DraftHello: {
    type: 'object',
    required: ['connectionId', 'canWrite'],
    properties: {
      connectionId: { type: 'string', description: 'names the stream in `X-Draft-Connection` (POST awareness, POST updates)' },
      canWrite: { type: 'boolean', description: 'false for observers and locked drafts' },
    },
  },
  DraftClose: {
    type: 'object',
    required: ['code', 'reason'],
    properties: { code: { type: 'integer', description: 'the websocket close code (4401 token expired, 4403 removed from the group…)' }, reason: { type: 'string' } },
  },
};

const schema = (name: keyof typeof DRAFT_SCHEMAS): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });

const docName: ParameterObject = {
  name: 'docName',
  in: 'path',
  required: true,
  description: 'the live draft, URL-encoded: `recommendation:<id>` (the `docName` of a recommendation)',
  schema: { type: 'string' },
};
const stateVector: ParameterObject = {
  name: 'stateVector',
  in: 'query',
  required: false,
  description: 'the client\'s Yjs state vector (base64); without it, the whole stored document',
  schema: { type: 'string', format: 'byte' },
};
const token: ParameterObject = {
  name: 'token',
  in: 'query',
  required: false,
  description: 'the access token, for clients that cannot send `Authorization` (`EventSource`)',
  schema: { type: 'string' },
};
const connection = (required: boolean, what: string): ParameterObject => ({
  name: 'X-Draft-Connection',
  in: 'header',
  required,
  description: `the \`connectionId\` of the client's open event stream (\`hello\` event): ${what}`,
  schema: { type: 'string' },
});
const body: OperationObject['requestBody'] = { required: true, content: { 'application/json': { schema: schema('DraftUpdateBody') } } };

/** The refusals every drafts route shares (close codes 4400/4401/4403/4404 as statuses). */
const refusals: Record<string, ResponseObject> = {
  400: error('malformed docName, base64, Yjs update or unknown field/parameter'),
  401: error('no or invalid token'),
  403: error('not a member of the draft\'s group (writes: observer or locked draft)'),
  404: error('unknown draft'),
};
const writeRefusals: Record<string, ResponseObject> = {
  ...refusals,
  413: error('decoded update over COLLAB_MAX_FRAME_BYTES, or a document over COLLAB_MAX_DOC_BYTES'),
  415: error('body not JSON'),
  429: error('over the per-user rate (COLLAB_MESSAGES_PER_SECOND / COLLAB_MESSAGE_BURST)', retryAfter('1')),
};

const op = (o: OperationObject): OperationObject => ({ tags: ['drafts'], security: [{ bearer: [] }], ...o });

export const DRAFT_PATHS: PathsObject = {
  '/api/drafts/{docName}/state': {
    get: op({
      operationId: 'DraftsHttp_state',
      summary: 'What a client with this state vector lacks of the stored document (never unsaved state)',
      parameters: [docName, stateVector, token],
      responses: { 200: json('the missing update and the stored state vector', schema('DraftState')), ...refusals },
    }),
  },
  '/api/drafts/{docName}/updates': {
    post: op({
      operationId: 'DraftsHttp_updates',
      summary: 'Apply a Yjs update: answered once committed to PostgreSQL (same group commit as /collab)',
      parameters: [docName, token, connection(false, 'the update then counts against that stream\'s rate and rights')],
      requestBody: body,
      responses: {
        200: json('stored', schema('DraftSaved')),
        ...writeRefusals,
        503: error('the database does not keep up', retryAfter('2')),
      },
    }),
  },
  '/api/drafts/{docName}/events': {
    get: op({
      operationId: 'DraftsHttp_events',
      summary: 'Server-Sent Events of the draft: hello, update, awareness, saved, resumed, close; `: ping` every 15 s',
      description:
        'Events: `hello` {connectionId, canWrite} (DraftHello), `update` (base64 Yjs update: first what the client lacks, then every stored update), ' +
        '`awareness` (base64 awareness update), `saved` (base64 stored state vector), `resumed` {} (after Last-Event-ID), ' +
        '`close` {code, reason} (DraftClose) before the server ends the stream. Event ids are `<connectionId>.<sequence>`.',
      parameters: [
        docName,
        stateVector,
        token,
        {
          name: 'Last-Event-ID',
          in: 'header',
          required: false,
          description: 'resume a dropped stream within 20 s: exactly the missed events; an unknown id opens a fresh connection',
          schema: { type: 'string' },
        },
      ],
      responses: {
        200: { description: 'the event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        ...refusals,
      },
    }),
  },
  '/api/drafts/{docName}/awareness': {
    post: op({
      operationId: 'DraftsHttp_awareness',
      summary: 'Presence of the client whose event stream is named by X-Draft-Connection (user.name rewritten by the server)',
      parameters: [docName, token, connection(true, 'required')],
      requestBody: body,
      responses: {
        204: { description: 'presence applied' },
        ...writeRefusals,
        409: error('no open event stream of this client on this node'),
      },
    }),
  },
};
