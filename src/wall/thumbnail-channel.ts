// One console's live thumbnails over one WebSocket (GET /api/wall/thumbnails): the console sends the cameras its
// picture of the wall shows (`{type:'watch', cameraIds}`, the whole set each time); each camera is decided on its
// own (role, commune, habilitation: the policy's live-viewing decision), a refused one is answered
// `{type:'refused', cameraId}` and never gets a picture. Pictures go out as binary messages: a 2-byte length, a
// JSON header `{cameraId, atMs}`, the JPEG. Journal: one entry per camera when its first picture of the session is
// sent, one entry when the session ends (cameras, duration) — not one per refresh; every refusal is journaled.
import type { WebSocket } from 'ws';
import type { Access, Actor } from '../access/index.js';
import { actorDetails, journalActor } from '../access/index.js';
import { STREAM_REVOKED_CLOSE_CODE } from '../access/index.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Journal } from '../journal/index.js';
import type { Thumbnail, WallThumbnails } from './thumbnails.js';

/** A console's wall shows at most 12 × 25 tiles; more asked at once is cut here. */
const MAX_CAMERAS = 300;
/** A console that cannot keep up skips pictures instead of queuing them. */
const MAX_BUFFERED_BYTES = 2 * 1024 * 1024;

export interface ThumbnailChannelDeps {
  readonly thumbnails: WallThumbnails;
  readonly access: Pick<Access, 'watchStream' | 'decideCamera'>;
  readonly journal: Pick<Journal, 'append'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function openThumbnailChannel(deps: ThumbnailChannelDeps, socket: WebSocket, actor: Actor, ip: string): void {
  const startedAt = deps.clock.now();
  const watching = new Map<string, () => void>();
  const decided = new Map<string, Promise<{ allowed: boolean; communeInsee?: string }>>();
  const shown = new Set<string>();
  let wanted = new Set<string>();
  let closed = false;
  const journal = (entry: Parameters<Journal['append']>[0]) => deps.journal.append(entry).catch((error: unknown) => deps.logger.error({ err: error }, 'could not journal wall thumbnails'));
  const who = { actor: journalActor(actor), ip };
  const token = actorDetails(actor);

  const decide = (cameraId: string) => {
    let decision = decided.get(cameraId);
    if (decision === undefined) {
      decision = deps.access.decideCamera(actor, 'video.live', { cameraId }).then(async (d) => {
        if (!d.allowed) {
          await journal({
            ...who,
            action: 'video.live',
            outcome: 'denied',
            target: { type: 'camera', id: cameraId, cameraId, ...(d.communeInsee === undefined ? {} : { communeInsee: d.communeInsee }) },
            details: { ...token, via: 'wall-thumbnails', reason: d.reason },
          });
        }
        return { allowed: d.allowed, ...(d.communeInsee === undefined ? {} : { communeInsee: d.communeInsee }) };
      });
      decided.set(cameraId, decision);
    }
    return decision;
  };

  const send = (cameraId: string, communeInsee: string | undefined) => (thumbnail: Thumbnail) => {
    if (closed || socket.readyState !== socket.OPEN || socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
    const header = Buffer.from(JSON.stringify({ cameraId, atMs: thumbnail.atMs }));
    const length = Buffer.alloc(2);
    length.writeUInt16BE(header.length);
    socket.send(Buffer.concat([length, header, thumbnail.jpeg]));
    if (shown.has(cameraId)) return;
    shown.add(cameraId);
    void journal({
      ...who,
      action: 'video.live',
      outcome: 'allowed',
      target: { type: 'camera', id: cameraId, cameraId, ...(communeInsee === undefined ? {} : { communeInsee }) },
      details: { ...token, via: 'wall-thumbnails', phase: 'start' },
    });
  };

  const revoked = (reason: string) => {
    if (socket.readyState === socket.OPEN) {
      socket.send(JSON.stringify({ type: 'error', code: 'VIGIE_ACCESS_REVOKED', message: `access withdrawn: ${reason}` }));
      socket.close(STREAM_REVOKED_CLOSE_CODE, 'access withdrawn');
    }
    setTimeout(() => socket.terminate(), 1000).unref();
  };

  const update = async (cameraIds: readonly string[]) => {
    wanted = new Set(cameraIds.slice(0, MAX_CAMERAS));
    const asked = wanted;
    for (const [cameraId, stop] of watching) {
      if (!asked.has(cameraId)) {
        stop();
        watching.delete(cameraId);
      }
    }
    for (const cameraId of asked) {
      if (watching.has(cameraId)) continue;
      const decision = await decide(cameraId);
      if (closed || wanted !== asked) return;
      if (!decision.allowed) {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'refused', cameraId }));
        continue;
      }
      // Each camera's right is re-checked with the running streams (logout, account, commune): a loss ends the socket.
      const unwatch = deps.access.watchStream({ actor, action: 'video.live', cameraId, via: 'websocket', ip, end: revoked });
      const stop = deps.thumbnails.watch(cameraId, send(cameraId, decision.communeInsee));
      watching.set(cameraId, () => {
        stop();
        unwatch();
      });
    }
  };

  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return;
    }
    const ids = (message as { type?: unknown; cameraIds?: unknown }).cameraIds;
    if ((message as { type?: unknown }).type !== 'watch' || !Array.isArray(ids)) return;
    void update(ids.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 100)).catch((error: unknown) =>
      deps.logger.error({ err: error }, 'wall thumbnails: a camera could not be decided'),
    );
  });

  const close = () => {
    if (closed) return;
    closed = true;
    for (const stop of watching.values()) stop();
    watching.clear();
    if (shown.size > 0) {
      void journal({
        ...who,
        action: 'video.live',
        outcome: 'allowed',
        target: { type: 'wall', id: 'thumbnails' },
        details: { ...token, via: 'wall-thumbnails', phase: 'end', durationMs: deps.clock.now() - startedAt, cameraIds: [...shown] },
      });
    }
  };
  socket.on('close', close);
  socket.on('error', close);
}
