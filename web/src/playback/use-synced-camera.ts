// One camera of a synchronized playback: its WebSocket playback follows the page's master clock (seek, speed,
// pause) and its picture is kept on the master's instant: exactly while paused, by small playbackRate nudges
// while playing, by a jump when it is far off. A camera without footage at the instant says so, with the next
// recorded instant, instead of waiting on "Connexion…".
import { useEffect, useRef, useState, type RefObject } from 'react';
import { webSocketUrl } from '../api/client.js';
import type { ServerMessage, StreamConnection } from '../media/stream-connection.js';
import { useStream } from '../media/use-stream.js';
import type { MasterClock } from './master-clock.js';

export type TileState =
  | { readonly kind: 'video' }
  | { readonly kind: 'connecting' }
  /** Nothing recorded at the master's instant; `next` is the next recorded instant, null when there is none. */
  | { readonly kind: 'no-footage'; readonly next: number | null }
  /** The server refused this footage (a role's window, a commune outside the scope). */
  | { readonly kind: 'refused' }
  | { readonly kind: 'unavailable'; readonly retryInS: number };

/** What the page knows from GET /api/recordings/availability at the last seek. */
export interface Availability {
  readonly at: number;
  readonly recorded: boolean;
  readonly nextMs: number | null;
}

const CHECK_MS = 100;
/**
 * Added to a seek's target: a picture taken exactly at the master's millisecond is that instant's picture, but the
 * target in seconds (8.04 is 8.0399999…) would land a hair before it and show the previous picture. Half a
 * millisecond is far less than any frame period.
 */
const ON_FRAME_S = 0.0005;
/** Further off than this while playing: jump instead of nudging. */
const JUMP_AFTER_S = 0.5;
/** Nudges change the rate by at most 10 %, invisible to an operator. */
const MAX_NUDGE = 0.1;
/** After a re-seek, wait this long for its pictures before another. */
const RESEEK_PAUSE_MS = 3000;
/** Past the master by less than this: not yet a gap (a late fragment, a keyframe boundary). */
const GAP_SLACK_MS = 800;

function inBuffer(video: HTMLVideoElement, time: number): boolean {
  for (let i = 0; i < video.buffered.length; i += 1) if (time >= video.buffered.start(i) && time <= video.buffered.end(i)) return true;
  return false;
}

export function useSyncedCamera(video: RefObject<HTMLVideoElement | null>, cameraId: string, master: MasterClock, syncId: string, availability: Availability | undefined) {
  /** Wall-clock instant of media time 0 of the current stream (from its "init"), null until then. */
  const origin = useRef<number | null>(null);
  const ended = useRef<number | null>(null);
  const gaps = useRef<Array<readonly [number, number]>>([]);
  const refused = useRef(false);
  const latestAvailability = useRef(availability);
  latestAvailability.current = availability;
  const [footage, setFootage] = useState<TileState>({ kind: 'connecting' });
  const current = useRef<StreamConnection | null>(null);
  const nextReseek = useRef(0);
  /** The media time this element was last explicitly seeked to while paused (null: not since it last played). */
  const stillAt = useRef<number | null>(null);

  /** Plays this camera from `at`: a new stream timeline, so what was learnt about the old one is forgotten. */
  const seekStream = (connection: StreamConnection, at: number): void => {
    nextReseek.current = performance.now() + RESEEK_PAUSE_MS;
    origin.current = null;
    ended.current = null;
    stillAt.current = null;
    gaps.current = [];
    refused.current = false;
    if (connection.send({ type: 'seek', at: Math.round(at) })) connection.player.discontinuity();
    else connection.restart();
  };

  const { status, connection } = useStream(video, {
    // Its own sync group: the server then never jumps this session's clock over a gap; the page's master clock
    // is the one all cameras share, and each seek is checked against this camera's rights.
    streamKey: cameraId,
    mode: 'playback',
    url: () => webSocketUrl(`/api/cameras/${encodeURIComponent(cameraId)}/playback?from=${Math.round(master.position())}&speed=${master.speed}&sync=${encodeURIComponent(`${syncId}-${cameraId}`)}`),
    onMessage: (message: ServerMessage) => {
      if (message.type === 'init' && typeof message['originMs'] === 'number') {
        origin.current = message['originMs'];
        ended.current = null;
        if (video.current !== null) video.current.dataset['originMs'] = String(message['originMs']);
      } else if (message.type === 'gap' && typeof message['fromMs'] === 'number' && typeof message['toMs'] === 'number') {
        gaps.current.push([message['fromMs'], message['toMs']]);
      } else if (message.type === 'end') {
        ended.current = typeof message['at'] === 'number' ? message['at'] : master.position();
      } else if (message.type === 'error' && typeof message['message'] === 'string' && /^(seek|playback) refused/.test(message['message'])) {
        refused.current = true;
      }
    },
  });

  useEffect(() => {
    current.current = connection;
    if (connection === null) return undefined;
    connection.player.setRate(master.speed);
    connection.player.setPaused(master.paused);
    const unsubscribe = master.subscribe((change) => {
      if (change.kind === 'seek') seekStream(connection, change.at);
      else if (change.kind === 'speed') {
        connection.send({ type: 'speed', value: change.speed });
        connection.player.setRate(change.speed);
      } else {
        connection.send({ type: change.paused ? 'pause' : 'play' });
        connection.player.setPaused(change.paused);
      }
    });
    return unsubscribe;
  }, [connection, master]);

  useEffect(() => {
    const timer = setInterval(() => {
      const element = video.current;
      const at = master.position();
      const next = noFootage(at, origin.current, ended.current, gaps.current, latestAvailability.current);
      const state: TileState = refused.current ? { kind: 'refused' } : next !== undefined ? { kind: 'no-footage', next } : origin.current === null ? { kind: 'connecting' } : { kind: 'video' };
      setFootage((previous) => (JSON.stringify(previous) === JSON.stringify(state) ? previous : state));
      if (element === null || origin.current === null || state.kind !== 'video' || element.readyState < 1 || element.seeking) return;
      const target = (at - origin.current) / 1000;
      const drift = element.currentTime - target;
      const buffered = inBuffer(element, target);
      // The server's clock of this camera fell behind the master (a loaded machine, a slow disk): the picture of
      // the master's instant has not come. Ask for it again from there.
      const connection = current.current;
      const bufferedEnd = element.buffered.length === 0 ? Number.NaN : element.buffered.end(element.buffered.length - 1);
      const behind = !buffered && bufferedEnd < target;
      if (behind && (master.paused || Math.abs(drift) > JUMP_AFTER_S) && connection !== null && performance.now() > nextReseek.current) {
        nextReseek.current = performance.now() + RESEEK_PAUSE_MS;
        seekStream(connection, at);
        return;
      }
      if (master.paused) {
        // A new stream after a seek may start playing by itself: a paused master keeps every picture still.
        if (!element.paused) element.pause();
        // Seek even when the clock stopped within a millisecond of the target: a video paused while playing may
        // keep showing a picture rendered ahead of its currentTime; only a seek shows the frame of the instant.
        if ((Math.abs(drift) > 0.001 || stillAt.current !== target) && buffered) {
          element.currentTime = target + ON_FRAME_S;
          stillAt.current = target;
        }
      } else {
        stillAt.current = null;
        if (Math.abs(drift) > JUMP_AFTER_S) {
          if (buffered) element.currentTime = target + ON_FRAME_S;
        } else element.playbackRate = master.speed * (1 - Math.max(-MAX_NUDGE, Math.min(MAX_NUDGE, drift)));
      }
    }, CHECK_MS);
    return () => clearInterval(timer);
  }, [video, master]);

  // Connection trouble comes after what the footage says: a camera with nothing to show is not "connecting".
  const tile: TileState =
    footage.kind === 'no-footage' || footage.kind === 'refused'
      ? footage
      : status.kind === 'waiting' || status.kind === 'failed'
        ? status.kind === 'failed' || status.reason.startsWith('Accès refusé')
          ? { kind: 'refused' }
          : { kind: 'unavailable', retryInS: Math.ceil(status.retryInMs / 1000) }
        : footage;
  return { tile, connection };
}

/**
 * The next recorded instant when nothing is recorded at `at` (null: none after it), undefined when there is
 * footage there or it is not known yet.
 */
function noFootage(at: number, origin: number | null, ended: number | null, gaps: ReadonlyArray<readonly [number, number]>, availability: Availability | undefined): number | null | undefined {
  if (availability !== undefined && !availability.recorded && at >= availability.at - GAP_SLACK_MS && (availability.nextMs === null || at < availability.nextMs)) return availability.nextMs;
  if (origin !== null && origin > at + GAP_SLACK_MS) return origin;
  const gap = gaps.find(([from, to]) => at > from + GAP_SLACK_MS && at < to);
  if (gap !== undefined) return gap[1];
  if (ended !== null && at > ended + GAP_SLACK_MS) return null;
  return undefined;
}
