// Routes of a requisition's bookmarks (its viewing room's marked instants): list them (the investigator whose it
// is, the room leads, auditors), set one on its camera at an instant of its range, take one's own back. Setting
// and taking back are journaled with the requisition, the camera, the instant and the note.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Actor } from '../access/index.js';
import { noteJournal } from '../api/journal-note.js';
import { VigieError } from '../core/errors.js';
import type { Bookmark } from '../playback/index.js';
import type { Requisition } from './model.js';
import type { BookmarkActor, RequisitionBookmarks } from './requisition-bookmarks.js';

const BookmarkBody = Type.Object(
  { cameraId: Type.String({ minLength: 1, maxLength: 200 }), at: Type.Integer({ minimum: 0 }), note: Type.String({ maxLength: 10_000 }) },
  { additionalProperties: false },
);
const tags = ['investigations'];

export interface RequisitionBookmarkRouteDeps {
  readonly bookmarks: RequisitionBookmarks;
  /** The access policy on recorded pictures of one camera over a range, as playback decides it. */
  readonly mayView: (actor: Actor, cameraId: string, range: { readonly fromMs: number; readonly toMs: number }) => Promise<boolean>;
}

function bookmarkActor(request: FastifyRequest, mayView: RequisitionBookmarkRouteDeps['mayView']): BookmarkActor {
  const actor = request.actor;
  if (actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
  return { id: actor.id, username: actor.username, role: actor.role, mayView: (cameraId, range) => mayView(actor, cameraId, range) };
}

function note(request: FastifyRequest, action: string, requisition: Requisition, bookmark: Bookmark): void {
  noteJournal(request, {
    action,
    target: { type: 'requisition', id: requisition.id },
    details: { reference: requisition.reference, bookmarkId: bookmark.id, cameraId: bookmark.cameraId, at: new Date(bookmark.atMs), note: bookmark.note },
  });
}

export function requisitionBookmarkRoutes(deps: RequisitionBookmarkRouteDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { id: string } }>(
      '/api/requisitions/:id/bookmarks',
      { config: { access: { kind: 'action', action: 'requisition.read' } }, schema: { tags, summary: "The bookmarks set in a requisition's viewing room, in time order" } },
      async (request) => ({ bookmarks: (await deps.bookmarks.list(request.params.id, bookmarkActor(request, deps.mayView))).bookmarks }),
    );

    app.post<{ Params: { id: string }; Body: Static<typeof BookmarkBody> }>(
      '/api/requisitions/:id/bookmarks',
      {
        // requisition.read to reach it; the service then checks the requisition in force, its camera, its range and
        // the access policy's playback decision at the instant (a refusal says which, in French).
        config: { access: { kind: 'action', action: 'requisition.read' } },
        schema: { tags, summary: 'Bookmark an instant of one of the requisition’s cameras, inside its range, with a note', body: BookmarkBody },
      },
      async (request, reply) => {
        const { requisition, bookmark } = await deps.bookmarks.create(
          request.params.id,
          { cameraId: request.body.cameraId, atMs: request.body.at, note: request.body.note },
          bookmarkActor(request, deps.mayView),
        );
        note(request, 'bookmark.create', requisition, bookmark);
        return reply.code(201).send(bookmark);
      },
    );

    app.delete<{ Params: { id: string; bookmarkId: string } }>(
      '/api/requisitions/:id/bookmarks/:bookmarkId',
      { config: { access: { kind: 'action', action: 'requisition.read' } }, schema: { tags, summary: 'Take back a bookmark one set in the requisition’s viewing room' } },
      async (request) => {
        const { requisition, bookmark } = await deps.bookmarks.remove(request.params.id, request.params.bookmarkId, bookmarkActor(request, deps.mayView));
        note(request, 'bookmark.delete', requisition, bookmark);
        return { deleted: bookmark.id };
      },
    );
  };
}
