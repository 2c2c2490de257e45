// Requisitions API: an investigator registers his own and reads them, asks for an extension and acknowledges a
// handover; a room lead registers on an investigator's behalf, validates or refuses, extracts, hands over and
// closes; auditors read. Each mutation's journal entry (written by the auth hook) names the requisition and its
// reference.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { journalActor, type Actor } from '../access/index.js';
import { noteJournal } from '../api/journal-note.js';
import { VigieError } from '../core/errors.js';
import type { Requisition } from './model.js';
import { receiptHtml } from './receipt.js';
import type { InvestigationActor, Requisitions } from './requisitions.js';

// Blanks, lengths and formats are checked by the service (one French message per field); the schema only keeps
// out what is not even the right type.
const Text = Type.String({ maxLength: 10_000 });
const RegisterBody = Type.Object(
  {
    reference: Text,
    officer: Type.Object({ name: Text, quality: Text, service: Text, contact: Text }, { additionalProperties: false }),
    legalBasis: Text,
    reason: Text,
    cameraIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 1000 })),
    area: Type.Optional(Type.Union([Type.Null(), Type.Object({}, { additionalProperties: true })])),
    fromMs: Type.Integer(),
    toMs: Type.Integer(),
    live: Type.Optional(Type.Boolean()),
    investigatorId: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const ValidateBody = Type.Object({ untilMs: Type.Integer(), note: Type.Optional(Text) }, { additionalProperties: false });
const RefuseBody = Type.Object({ reason: Text }, { additionalProperties: false });
const ExtensionBody = Type.Object(
  {
    cameraIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 1000 })),
    fromMs: Type.Optional(Type.Integer()),
    toMs: Type.Optional(Type.Integer()),
    untilMs: Type.Optional(Type.Integer()),
    reason: Text,
  },
  { additionalProperties: false },
);
const DecisionBody = Type.Object({ accept: Type.Boolean(), note: Type.Optional(Text) }, { additionalProperties: false });
const HandoverBody = Type.Object({ receivedBy: Text }, { additionalProperties: false });
type IdParams = { id: string };

const tags = ['investigations'];

function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
  return request.actor;
}

function who(request: FastifyRequest): InvestigationActor {
  const actor = actorOf(request);
  return { id: actor.id, username: actor.username, role: actor.role };
}

function note(request: FastifyRequest, action: string, requisition: Requisition, details: Record<string, unknown> = {}): void {
  noteJournal(request, {
    action,
    target: { type: 'requisition', id: requisition.id },
    details: { reference: requisition.reference, state: requisition.state, investigator: requisition.investigator, ...details },
  });
}

export function requisitionRoutes(requisitions: Requisitions) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Body: Static<typeof RegisterBody> }>(
      '/api/requisitions',
      {
        config: { access: { kind: 'action', action: 'requisition.request' } },
        schema: { tags, summary: 'Register a judicial requisition (an investigator for himself, a room lead on his behalf); holds the footage at once', body: RegisterBody },
      },
      async (request, reply) => {
        const actor = who(request);
        const body = request.body;
        // An investigator registers for himself only; a room lead names the investigator (an active account: the
        // chooser's list, GET /api/requisitions/investigators, checked again by the service).
        const investigatorId = actor.role === 'investigator' ? actor.id : body.investigatorId;
        if (investigatorId === undefined)
          throw new VigieError('VIGIE_REQUISITION_INVESTIGATOR_INVALID', "Indiquez le compte de l'enquêteur au nom duquel la réquisition est enregistrée.", { status: 400 });
        const created = await requisitions.register({ ...body, investigatorId }, actor, journalActor(request.actor));
        note(request, 'requisition.register', created, { cameraIds: created.cameraIds, fromMs: created.fromMs, toMs: created.toMs, holdId: created.holdId, live: created.live });
        reply.code(201);
        return created;
      },
    );

    app.get(
      '/api/requisitions',
      { config: { access: { kind: 'action', action: 'requisition.read' } }, schema: { tags, summary: 'Requisitions, newest first (an investigator: his own)' } },
      async (request) => requisitions.list(who(request)),
    );

    app.get<{ Params: IdParams }>('/api/requisitions/:id', { config: { access: { kind: 'action', action: 'requisition.read' } }, schema: { tags, summary: 'One requisition' } }, async (request) =>
      requisitions.get(request.params.id, who(request)),
    );

    app.get<{ Params: IdParams }>(
      '/api/requisitions/:id/receipt.html',
      { config: { access: { kind: 'action', action: 'requisition.read' } }, schema: { tags, summary: 'The printable handover receipt: what was handed, hashes, to whom, when, by whom' } },
      async (request, reply) => {
        const requisition = await requisitions.get(request.params.id, who(request));
        if (requisition.exportIds.length === 0)
          throw new VigieError('VIGIE_REQUISITION_STATE', "Rien n'a encore été extrait pour cette réquisition : le procès-verbal de remise suit l'extraction.", { status: 409 });
        return reply.type('text/html; charset=utf-8').send(receiptHtml(requisition, await requisitions.handedFiles(requisition), Date.now()));
      },
    );

    app.post<{ Params: IdParams; Body: Static<typeof ValidateBody> }>(
      '/api/requisitions/:id/validate',
      {
        config: { access: { kind: 'action', action: 'requisition.review' } },
        schema: { tags, summary: "Validate: grants the investigator the requisition's scope until untilMs", body: ValidateBody },
      },
      async (request) => {
        const validated = await requisitions.validate(request.params.id, request.body.untilMs, request.body.note, who(request));
        note(request, 'requisition.validate', validated, { scopeUntilMs: validated.scopeUntilMs, cameraIds: validated.cameraIds, fromMs: validated.fromMs, toMs: validated.toMs });
        return validated;
      },
    );

    app.post<{ Params: IdParams; Body: Static<typeof RefuseBody> }>(
      '/api/requisitions/:id/refuse',
      { config: { access: { kind: 'action', action: 'requisition.review' } }, schema: { tags, summary: 'Refuse, with the reason; releases the hold', body: RefuseBody } },
      async (request) => {
        const refused = await requisitions.refuse(request.params.id, request.body.reason, who(request), journalActor(request.actor));
        note(request, 'requisition.refuse', refused, { reason: refused.reviewNote });
        return refused;
      },
    );

    app.post<{ Params: IdParams; Body: Static<typeof ExtensionBody> }>(
      '/api/requisitions/:id/extension',
      {
        config: { access: { kind: 'action', action: 'requisition.request' } },
        schema: {
          tags,
          summary:
            "Ask to widen an in-force requisition's scope (cameras added, a wider range, a later end date), with a reason; the widened footage is held at once, nothing is granted before the decision",
          body: ExtensionBody,
        },
      },
      async (request) => {
        const asked = await requisitions.requestExtension(request.params.id, request.body, who(request), journalActor(request.actor));
        const extension = asked.extensions.at(-1);
        note(request, 'requisition.extension-request', asked, {
          extensionId: extension?.id,
          addedCameraIds: extension?.addedCameraIds,
          fromMs: extension?.fromMs,
          toMs: extension?.toMs,
          untilMs: extension?.untilMs,
          holdId: extension?.holdId,
          reason: extension?.reason,
        });
        return asked;
      },
    );

    app.post<{ Params: IdParams; Body: Static<typeof DecisionBody> }>(
      '/api/requisitions/:id/extension/decision',
      {
        config: { access: { kind: 'action', action: 'requisition.review' } },
        schema: { tags, summary: 'Grant the pending extension (the scope widens at once) or refuse it with a reason (its hold is released)', body: DecisionBody },
      },
      async (request) => {
        const decided = await requisitions.decideExtension(request.params.id, request.body.accept, request.body.note, who(request), journalActor(request.actor));
        // Only one extension waits at a time, and it is the latest asked: the one just decided.
        const extension = decided.extensions.at(-1);
        note(request, request.body.accept ? 'requisition.extension-grant' : 'requisition.extension-refuse', decided, {
          extensionId: extension?.id,
          cameraIds: decided.cameraIds,
          fromMs: decided.fromMs,
          toMs: decided.toMs,
          scopeUntilMs: decided.scopeUntilMs,
          note: extension?.decisionNote,
        });
        return decided;
      },
    );

    app.post<{ Params: IdParams }>(
      '/api/requisitions/:id/extract',
      {
        config: { access: { kind: 'action', action: 'requisition.review' } },
        schema: { tags, summary: "Build the signed export packages (one per camera and 24 h) with the requisition's reference" },
      },
      async (request) => {
        const extracted = await requisitions.extract(request.params.id, who(request), journalActor(request.actor));
        note(request, 'requisition.extract', extracted, { exportIds: extracted.exportIds });
        return extracted;
      },
    );

    app.post<{ Params: IdParams; Body: Static<typeof HandoverBody> }>(
      '/api/requisitions/:id/handover',
      { config: { access: { kind: 'action', action: 'requisition.review' } }, schema: { tags, summary: 'Record the handover of the packages to the person named', body: HandoverBody } },
      async (request) => {
        const handed = await requisitions.handOver(request.params.id, request.body.receivedBy, who(request));
        note(request, 'requisition.handover', handed, { receivedBy: handed.handover?.receivedBy, exportIds: handed.exportIds });
        return handed;
      },
    );

    app.post<{ Params: IdParams }>(
      '/api/requisitions/:id/acknowledge',
      { config: { access: { kind: 'action', action: 'requisition.request' } }, schema: { tags, summary: 'The investigator acknowledges receipt of the handover' } },
      async (request) => {
        const acknowledged = await requisitions.acknowledge(request.params.id, who(request));
        note(request, 'requisition.acknowledge', acknowledged);
        return acknowledged;
      },
    );

    app.post<{ Params: IdParams }>(
      '/api/requisitions/:id/close',
      { config: { access: { kind: 'action', action: 'requisition.review' } }, schema: { tags, summary: 'Close: the scope ends and the hold is released' } },
      async (request) => {
        const closed = await requisitions.close(request.params.id, who(request), journalActor(request.actor));
        note(request, 'requisition.close', closed, { holdId: closed.holdId });
        return closed;
      },
    );
  };
}
