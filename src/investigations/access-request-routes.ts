// Citizens' access requests API (RGPD art. 15), for room leads: register (hold and deadline at once), read,
// answer by a supervised viewing or by a blurred export, download that export, close (hold released). Each
// mutation's journal entry (written by the auth hook) names the request.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createReadStream } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { journalActor } from '../access/index.js';
import { noteJournal } from '../api/journal-note.js';
import { VigieError } from '../core/errors.js';
import type { AccessRequests } from './access-requests.js';
import type { AccessRequest } from './model.js';
import type { InvestigationActor } from './requisitions.js';

const Text = Type.String({ maxLength: 10_000 });
const RegisterBody = Type.Object(
  {
    requesterName: Text,
    requesterContact: Text,
    description: Text,
    cameraIds: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 64 }),
    fromMs: Type.Integer(),
    toMs: Type.Integer(),
  },
  { additionalProperties: false },
);
const AnswerBody = Type.Object(
  {
    answer: Type.Union([Type.Literal('viewing'), Type.Literal('export')]),
    note: Type.Optional(Text),
    box: Type.Optional(Type.Object({ cameraId: Type.String({ maxLength: 200 }), x: Type.Number(), y: Type.Number(), w: Type.Number(), h: Type.Number() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
type IdParams = { id: string };
const tags = ['investigations'];
const access = { kind: 'action', action: 'access-request.manage' } as const;

function who(request: FastifyRequest): InvestigationActor {
  if (request.actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
  return { id: request.actor.id, username: request.actor.username, role: request.actor.role };
}

function note(request: FastifyRequest, action: string, item: AccessRequest, details: Record<string, unknown> = {}): void {
  noteJournal(request, { action, target: { type: 'access-request', id: item.id }, details: { state: item.state, cameraIds: item.cameraIds, ...details } });
}

export function accessRequestRoutes(requests: AccessRequests) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: Static<typeof RegisterBody> }>(
      '/api/access-requests',
      { config: { access }, schema: { tags, summary: "Register a person's access request: footage held at once, one-month deadline", body: RegisterBody } },
      async (request, reply) => {
        const created = await requests.register(request.body, who(request), journalActor(request.actor));
        note(request, 'access-request.register', created, { fromMs: created.fromMs, toMs: created.toMs, deadlineMs: created.deadlineMs, holdId: created.holdId });
        reply.code(201);
        return created;
      },
    );
    app.get('/api/access-requests', { config: { access }, schema: { tags, summary: 'Access requests, newest first' } }, async () => requests.list());
    app.get<{ Params: IdParams }>('/api/access-requests/:id', { config: { access }, schema: { tags, summary: 'One access request' } }, async (request) => requests.get(request.params.id));
    app.post<{ Params: IdParams; Body: Static<typeof AnswerBody> }>(
      '/api/access-requests/:id/answer',
      { config: { access }, schema: { tags, summary: 'Answer by a supervised viewing (note) or a blurred export (box)', body: AnswerBody } },
      async (request) => {
        const body = request.body;
        if (body.answer === 'export' && body.box === undefined)
          throw new VigieError('VIGIE_ACCESS_REQUEST_BOX_INVALID', 'Choisissez le cadre du demandeur dans l’image : tout le reste sera flouté.', { status: 400 });
        const answered =
          body.answer === 'viewing' || body.box === undefined
            ? await requests.answerByViewing(request.params.id, body.note, who(request))
            : await requests.answerByExport(request.params.id, body.box, who(request), journalActor(request.actor));
        note(request, 'access-request.answer', answered, { answer: answered.answer, box: answered.box, sha256: answered.exportSha256 });
        return answered;
      },
    );
    app.get<{ Params: IdParams }>('/api/access-requests/:id/video.mp4', { config: { access }, schema: { tags, summary: 'The blurred export of an access request' } }, async (request, reply) => {
      const path = await requests.exportFile(request.params.id);
      return reply.type('video/mp4').header('content-disposition', `attachment; filename="demande-acces-${request.params.id}.mp4"`).send(createReadStream(path));
    });
    app.post<{ Params: IdParams }>('/api/access-requests/:id/close', { config: { access }, schema: { tags, summary: 'Close: the hold is released' } }, async (request) => {
      const closed = await requests.close(request.params.id, who(request), journalActor(request.actor));
      note(request, 'access-request.close', closed);
      return closed;
    });
  };
}
