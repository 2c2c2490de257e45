// Live view to browsers: GET /api/cameras/:id/live?stream=main|sub[&pictures=keyframes] upgrades to a WebSocket carrying fMP4
// for Media Source Extensions. The access hook authorises and journals the start; the end is journaled here
// with the viewing duration.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { cameraIdParam } from '../api/route-access.js';
import type { Clock } from '../core/clock.js';
import type { Journal } from '../journal/index.js';
import type { Hub } from '../media/hub/index.js';
import { LiveView } from './live-view.js';
import type { LiveTranscoders } from './transcoders.js';

const LiveQuery = Type.Object(
  {
    stream: Type.Union([Type.Literal('main'), Type.Literal('sub')], { default: 'main' }),
    /** `keyframes`: the keyframes alone, for a wall's small tile when its machine cannot decode every picture. */
    pictures: Type.Union([Type.Literal('all'), Type.Literal('keyframes')], { default: 'all' }),
  },
  { additionalProperties: false },
);
type LiveQuery = Static<typeof LiveQuery>;

export interface LiveRoutesDeps {
  readonly hub: Hub;
  readonly transcoders: LiveTranscoders;
  readonly journal: Journal;
  readonly clock: Clock;
}

export function liveRoutes(deps: LiveRoutesDeps): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    app.get<{ Params: { id: string }; Querystring: LiveQuery }>(
      '/api/cameras/:id/live',
      {
        websocket: true,
        config: { access: { kind: 'camera', action: 'video.live', cameraId: cameraIdParam } },
        schema: {
          tags: ['live'],
          summary: 'Live video as fMP4 over WebSocket (text "init" message, init segment, then moof+mdat fragments)',
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
          querystring: LiveQuery,
        },
      },
      (socket, request) => {
        const cameraId = request.params.id;
        const { stream, pictures } = request.query;
        const startedAtMs = deps.clock.now();
        const actor = request.actor ?? null;
        const view = new LiveView({
          hub: deps.hub,
          transcoders: deps.transcoders,
          streamKey: `${cameraId}/${stream}`,
          label: `live ${cameraId}/${stream} ${actor?.username ?? '?'} ${request.ip}`,
          socket,
          keyframesOnly: pictures === 'keyframes',
          onEnd: (stats, error) => {
            const entry = {
              actor: actor === null ? null : { id: actor.id, username: actor.username, role: actor.role },
              action: 'video.live',
              outcome: error === undefined ? ('allowed' as const) : ('failed' as const),
              ip: request.ip,
              target: { type: 'camera', id: cameraId, cameraId },
              details: {
                phase: 'end',
                stream,
                ...(pictures === 'keyframes' ? { pictures } : {}),
                durationMs: deps.clock.now() - startedAtMs,
                fragments: stats.fragmentsSent,
                skipped: stats.picturesSkipped,
                ...(error === undefined ? {} : { error }),
              },
            };
            deps.journal.append(entry).catch((err: unknown) => request.log.error({ err }, 'could not journal the end of a live view'));
          },
        });
        socket.on('close', () => view.close());
        socket.on('error', () => view.close());
        view.open();
      },
    );
  };
}
