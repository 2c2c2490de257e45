// Bookmarks API: list a camera's bookmarks over a range, add one at an instant with a note (journaled).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { noteJournal } from '../api/journal-note.js';
import { cameraIdParam } from '../api/route-access.js';
import type { Clock } from '../core/clock.js';
import type { BookmarkStore } from './bookmarks.js';
import { rangeOf, requireRange } from './query.js';

const BookmarkBody = Type.Object(
  {
    at: Type.Integer({ minimum: 0 }),
    note: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
type BookmarkBody = Static<typeof BookmarkBody>;

/** The bookmark's instant, for the access check (read before schema validation, so the body may be anything). */
function bookmarkInstant(request: FastifyRequest): { fromMs: number; toMs: number } | undefined {
  const at = (request.body as { at?: unknown } | null | undefined)?.at;
  return typeof at === 'number' && Number.isFinite(at) ? { fromMs: at, toMs: at } : undefined;
}

export function addBookmarkRoutes(app: FastifyInstance, deps: { readonly bookmarks: BookmarkStore; readonly clock: Clock }): void {
  app.get(
    '/api/cameras/:id/bookmarks',
    {
      // Listing is like the timeline: an index of the recording, no picture, so recording.read (no 72 h window):
      // an operator sees that a colleague marked older footage and asks the room lead for it. The range is checked
      // too: an investigator lists only the bookmarks within his requisitions' time range.
      config: { access: { kind: 'camera', action: 'recording.read', cameraId: cameraIdParam, timeRange: rangeOf } },
      schema: { tags: ['playback'], summary: "A camera's bookmarks over a range (from, to)" },
    },
    async (request) => {
      const { fromMs, toMs } = requireRange(request);
      return { bookmarks: await deps.bookmarks.list(cameraIdParam(request) ?? '', fromMs, toMs) };
    },
  );

  app.post<{ Body: BookmarkBody }>(
    '/api/cameras/:id/bookmarks',
    {
      // Marking an instant means watching it: video.playback with the bookmark's instant as the footage, so an
      // operator marks only what his 72 h window lets him see, and a mayor only his commune's cameras.
      config: { access: { kind: 'camera', action: 'video.playback', cameraId: cameraIdParam, timeRange: bookmarkInstant } },
      schema: { tags: ['playback'], summary: 'Bookmark an instant of a camera with a note', body: BookmarkBody },
    },
    async (request, reply) => {
      const bookmark = await deps.bookmarks.create({
        cameraId: cameraIdParam(request) ?? '',
        atMs: request.body.at,
        note: request.body.note.trim() || request.body.note,
        createdBy: request.actor?.username ?? '',
        now: deps.clock.now(),
      });
      noteJournal(request, { action: 'bookmark.create', details: { bookmarkId: bookmark.id, at: new Date(bookmark.atMs), note: bookmark.note } });
      return reply.code(201).send(bookmark);
    },
  );
}
