// Playback HTTP API: timeline and footage availability of many cameras, bookmarks, recording status, HLS playlist and file byte ranges, the
// WebSocket player (with sync groups on one clock) and JPEG snapshots. Every route declares its access with
// the time range asked for; the auth hook journals each use of video.
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access } from '../access/index.js';
import { cameraIdParam, requireCameraScope } from '../api/route-access.js';
import { VigieError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Clock } from '../core/clock.js';
import { loadFragments, type Recording } from '../recording/index.js';
import type { HoldStore, RetentionAlert } from '../retention/index.js';
import type { CameraScope } from '../territory/index.js';
import { ArchiveReader } from './archive-reader.js';
import { footageAvailability, type FootageAvailability } from './availability.js';
import { addBookmarkRoutes } from './bookmark-routes.js';
import type { BookmarkStore } from './bookmarks.js';
import { hlsPlaylist } from './hls.js';
import { clampSpeed, PlaybackClock, SyncGroups } from './playback-clock.js';
import { BAD_STREAM_MESSAGE, instantParam, instantRange, query, rangeOf, requireInstant, requireRange, streamOf, streamParam } from './query.js';
import { parseInstant, PlaybackSession } from './session.js';
import { snapshotJpeg } from './snapshot.js';
import { buildTimeline } from './timeline.js';

export interface PlaybackDeps {
  readonly recording: Recording;
  readonly retention: { alert(): RetentionAlert };
  /** Holds over the footage shown, drawn on the timeline. */
  readonly holds: Pick<HoldStore, 'overlapping'>;
  readonly access: Pick<Access, 'decideCamera'>;
  /** The cameras of a scope (from the territory), to filter what a caller sees in bulk. */
  readonly visibleCameraIds: (scope: CameraScope) => Promise<ReadonlySet<string>>;
  readonly bookmarks: BookmarkStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

const MAX_TIMELINE_CAMERAS = 500;

export function playbackRoutes(deps: PlaybackDeps) {
  const { recording, access } = deps;
  const groups = new SyncGroups();
  /** The cameras listed in `?cameras=`, split by whether the caller may read their recording index (recording.read). */
  const camerasAllowed = async (request: FastifyRequest, timeRange: { fromMs: number; toMs: number }): Promise<{ allowed: string[]; denied: string[] }> => {
    const ids = (query(request)['cameras'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (ids.length === 0 || ids.length > MAX_TIMELINE_CAMERAS) throw new VigieError('VIGIE_BAD_CAMERAS', `"cameras" lists 1 to ${MAX_TIMELINE_CAMERAS} camera ids, comma-separated`, { status: 400 });
    const actor = request.actor;
    const allowed: string[] = [];
    const denied: string[] = [];
    for (const cameraId of ids) {
      const decision = actor === null ? { allowed: false } : await access.decideCamera(actor, 'recording.read', { cameraId, timeRange });
      (decision.allowed ? allowed : denied).push(cameraId);
    }
    return { allowed, denied };
  };
  /** Says nothing of footage the caller may not read (an investigator: after his requisition's range): such instants become null. */
  const withinReach = async (request: FastifyRequest, found: FootageAvailability): Promise<FootageAvailability> => {
    const readable = async (atMs: number | null): Promise<number | null> =>
      atMs === null || (request.actor !== null && (await access.decideCamera(request.actor, 'recording.read', { cameraId: found.cameraId, timeRange: { fromMs: atMs, toMs: atMs } })).allowed)
        ? atMs
        : null;
    return { ...found, nextMs: await readable(found.nextMs), latestEndMs: await readable(found.latestEndMs) };
  };
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/api/recordings/timeline',
      {
        config: { access: { kind: 'cameras', action: 'recording.read' } },
        schema: { tags: ['recording'], summary: "Coverage and gaps per camera over a range (cameras outside the caller's scope are listed as denied)" },
      },
      async (request) => {
        const { fromMs, toMs } = requireRange(request);
        const stream = streamParam(request);
        const { allowed, denied } = await camerasAllowed(request, { fromMs, toMs });
        const [timelines, holds] = await Promise.all([buildTimeline(recording.store, allowed, fromMs, toMs, deps.clock.now(), stream), deps.holds.overlapping(allowed, fromMs, toMs)]);
        // Only the held ranges and their kind: a hold's reference and reason are the room lead's (GET /api/retention/holds).
        const heldRanges = (cameraId: string) =>
          holds
            .filter((hold) => hold.cameraIds.includes(cameraId))
            .map((hold) => ({ fromMs: Math.max(fromMs, hold.fromMs), toMs: Math.min(toMs, hold.toMs), kind: hold.kind, expiresAt: hold.expiresAt }));
        return { fromMs, toMs, cameras: timelines.map((timeline) => ({ ...timeline, holds: heldRanges(timeline.cameraId) })), denied };
      },
    );

    app.get(
      '/api/recordings/availability',
      {
        config: { access: { kind: 'cameras', action: 'recording.read' } },
        schema: {
          tags: ['recording'],
          summary: "Per camera: whether an instant is recorded, the next recorded instant after it, the end of the newest footage (cameras outside the caller's scope are listed as denied)",
        },
      },
      async (request) => {
        const atMs = requireInstant(request, 'at');
        const stream = streamParam(request);
        const { allowed, denied } = await camerasAllowed(request, { fromMs: atMs, toMs: atMs });
        const found = await footageAvailability(recording.store, allowed, atMs, deps.clock.now(), stream);
        return { atMs, cameras: await Promise.all(found.map((one) => withinReach(request, one))), denied };
      },
    );

    addBookmarkRoutes(app, { bookmarks: deps.bookmarks, clock: deps.clock });

    app.get(
      '/api/recordings/status',
      { config: { access: { kind: 'cameras', action: 'recording.read' } }, schema: { tags: ['recording'], summary: 'Recording state of the cameras the caller may see, retention alert' } },
      async (request) => {
        const visible = await deps.visibleCameraIds(requireCameraScope(request));
        return { retention: deps.retention.alert(), cameras: (await recording.service.statuses()).filter((status) => visible.has(status.cameraId)) };
      },
    );

    // The health page: where the recording of the cameras in scope stopped over the last hours, and why.
    app.get(
      '/api/recordings/gaps',
      {
        config: { access: { kind: 'cameras', action: 'recording.read' } },
        schema: { tags: ['recording'], summary: 'Recording gaps of the main streams the caller may see over the last hours (?hours=1–168, default 24)' },
      },
      async (request) => {
        const raw = query(request)['hours'];
        const hours = raw === undefined ? 24 : Number(raw);
        if (!Number.isInteger(hours) || hours < 1 || hours > 168) throw new VigieError('VIGIE_VALIDATION_FAILED', 'query field "hours" must be a whole number from 1 to 168', { status: 400 });
        const toMs = deps.clock.now();
        const fromMs = toMs - hours * 3_600_000;
        const visible = [...(await deps.visibleCameraIds(requireCameraScope(request)))];
        return { fromMs, toMs, gaps: await recording.store.gapsOf(visible, 'main', fromMs, toMs) };
      },
    );

    app.get(
      '/api/cameras/:id/recording-status',
      { config: { access: { kind: 'camera', action: 'recording.read', cameraId: cameraIdParam } }, schema: { tags: ['recording'], summary: 'Recording state and legal-floor warning of one camera' } },
      async (request) => recording.service.status(cameraIdParam(request) ?? ''),
    );

    app.get(
      '/api/cameras/:id/playback.m3u8',
      {
        config: { access: { kind: 'camera', action: 'video.playback', cameraId: cameraIdParam, timeRange: rangeOf } },
        schema: { tags: ['playback'], summary: 'HLS (fMP4, byte ranges) playlist of a range' },
      },
      async (request, reply) => {
        const cameraId = cameraIdParam(request) ?? '';
        const { fromMs, toMs } = requireRange(request);
        const stream = streamParam(request);
        const rows = await recording.store.overlapping(cameraId, stream, fromMs, toMs);
        if (rows.length === 0) throw new VigieError('VIGIE_NO_FOOTAGE', 'no recorded footage in this range', { status: 404 });
        reply.header('content-type', 'application/vnd.apple.mpegurl');
        const files = await Promise.all(rows.map(async (row) => ({ row, entries: await loadFragments(row) })));
        return hlsPlaylist(files, fromMs, toMs, (row) => `recordings/${row.id}?from=${row.start_ms}&to=${row.end_ms}${stream === 'main' ? '' : `&stream=${stream}`}`);
      },
    );

    app.get(
      '/api/cameras/:id/recordings/:segmentId',
      {
        config: { access: { kind: 'camera', action: 'video.playback', cameraId: cameraIdParam, timeRange: rangeOf } },
        schema: { tags: ['playback'], summary: 'Bytes of one recording file (Range supported)' },
      },
      async (request, reply) => {
        const { segmentId } = request.params as { segmentId: string };
        const { fromMs, toMs } = requireRange(request);
        const row = (await recording.store.overlapping(cameraIdParam(request) ?? '', streamParam(request), fromMs, toMs)).find((r) => r.id === segmentId);
        if (row === undefined || row.start_ms < fromMs || row.end_ms > toMs) throw new VigieError('VIGIE_SEGMENT_NOT_FOUND', 'no such recording in this camera and range', { status: 404 });
        return sendFileRange(reply, join(row.volume, row.path), request.headers.range);
      },
    );

    app.get(
      '/api/cameras/:id/snapshot',
      { config: { access: { kind: 'camera', action: 'video.snapshot', cameraId: cameraIdParam, timeRange: instantRange } }, schema: { tags: ['playback'], summary: 'JPEG still at an instant' } },
      async (request, reply) => {
        const { jpeg, shownAtMs } = await snapshotJpeg(new ArchiveReader(recording.store, cameraIdParam(request) ?? '', streamParam(request)), requireInstant(request, 'at'));
        reply.header('content-type', 'image/jpeg').header('x-vigie-picture-at', new Date(shownAtMs).toISOString());
        return Buffer.from(jpeg);
      },
    );

    app.get(
      '/api/cameras/:id/playback',
      {
        websocket: true,
        config: { access: { kind: 'camera', action: 'video.playback', cameraId: cameraIdParam, timeRange: rangeOf } },
        schema: { tags: ['playback'], summary: 'WebSocket fMP4 playback from an instant (see docs/recording.md)' },
      },
      (socket, request) => {
        const cameraId = cameraIdParam(request) ?? '';
        const fromMs = instantParam(request, 'from');
        const stream = streamOf(request);
        if (stream === undefined) {
          socket.send(JSON.stringify({ type: 'error', message: BAD_STREAM_MESSAGE }));
          socket.close(1008, 'bad stream');
          return;
        }
        if (fromMs === undefined) {
          socket.send(JSON.stringify({ type: 'error', message: 'query parameter "from" (ISO 8601 or ms) is required' }));
          socket.close(1008, 'from required');
          return;
        }
        const speed = clampSpeed(Number(query(request)['speed'] ?? '1'));
        const syncId = query(request)['sync'];
        const group = syncId === undefined || syncId === '' ? undefined : groups.join(`${request.actor?.id ?? ''}:${syncId}`, () => new PlaybackClock(fromMs, speed));
        const clock = group?.clock ?? new PlaybackClock(fromMs, speed);
        const actor = request.actor;
        const session = new PlaybackSession({
          reader: new ArchiveReader(recording.store, cameraId, stream),
          clock,
          socket,
          synchronized: group !== undefined,
          logger: deps.logger,
          mayShow: async (fromMs, toMs) => {
            if (actor === null) return { allowed: false, reason: 'not signed in' };
            const decision = await access.decideCamera(actor, 'video.playback', { cameraId, timeRange: { fromMs, toMs } });
            return decision.allowed ? { allowed: true } : { allowed: false, reason: decision.reason };
          },
        });
        socket.on('message', (data: Buffer, isBinary: boolean) => {
          if (isBinary) return;
          const text = data.toString('utf8');
          const seekAt = seekTarget(text);
          if (seekAt === undefined || request.actor === null) {
            session.command(text);
            return;
          }
          // A seek is a new playback request: the scope check runs again (requisitions are limited in time).
          void access.decideCamera(request.actor, 'video.playback', { cameraId, timeRange: { fromMs: seekAt, toMs: seekAt } }).then((decision) => {
            if (decision.allowed) session.command(text);
            else socket.send(JSON.stringify({ type: 'error', message: `seek refused: ${decision.reason}` }));
          });
        });
        socket.on('close', () => {
          session.close();
          group?.leave();
        });
        void session.run();
      },
    );
  };
}

function seekTarget(text: string): number | undefined {
  try {
    const message = JSON.parse(text) as { type?: unknown; at?: unknown };
    return message.type === 'seek' ? parseInstant(message.at) : undefined;
  } catch {
    return undefined;
  }
}

async function sendFileRange(reply: FastifyReply, path: string, range: string | undefined): Promise<FastifyReply> {
  const size = (
    await stat(path).catch((error: unknown) => {
      throw new VigieError('VIGIE_RECORDING_UNREADABLE', 'the recording file cannot be read', { status: 500, cause: error });
    })
  ).size;
  const match = range === undefined ? null : /^bytes=(\d+)-(\d*)$/.exec(range);
  const start = match === null ? 0 : Number(match[1]);
  const end = match === null || match[2] === '' || match[2] === undefined ? size - 1 : Math.min(size - 1, Number(match[2]));
  if (start > end) throw new VigieError('VIGIE_BAD_RANGE', 'unsatisfiable byte range', { status: 416 });
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(end - start + 1);
    await file.read(buf, 0, buf.length, start);
    reply.header('content-type', 'video/mp4').header('accept-ranges', 'bytes');
    if (match !== null) reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
    return reply.send(buf);
  } finally {
    await file.close();
  }
}
