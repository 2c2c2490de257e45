// Playback of one camera from an instant over WebSocket /api/cameras/:id/playback: pause, speed, frame
// step, seek. The position shown is the picture's own instant, originMs (from the "init" message: media time
// 0 is that wall-clock instant) + currentTime; before an init, the server's {"type":"position"} messages.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { webSocketUrl } from '../api/client.js';
import type { ServerMessage } from '../media/stream-connection.js';
import { useStream } from '../media/use-stream.js';

export const SPEEDS = [1, 2, 4, 8, 16] as const;
const TICK_MS = 250;
/** One picture at 25 fps, the recording rate of the demo and of most urban cameras. */
const FRAME_SECONDS = 0.04;

export function usePlayback(video: RefObject<HTMLVideoElement | null>, cameraId: string | null, startAt: number) {
  const [position, setPosition] = useState<number>(startAt);
  const [paused, setPaused] = useState(false);
  const [ended, setEnded] = useState(false);
  const [speed, setSpeedState] = useState<number>(1);
  const positionRef = useRef(startAt);
  const speedRef = useRef(1);
  /** Wall-clock instant of media time 0 in the current stream; null until an init names it (or after a seek). */
  const originRef = useRef<number | null>(null);

  const moveTo = useCallback((at: number) => {
    positionRef.current = at;
    setPosition(at);
  }, []);

  const streamKey = cameraId === null ? null : `${cameraId}@${startAt}`;
  // A new camera or instant: the connection about to open must ask for it, before any effect runs.
  const openedFor = useRef(streamKey);
  if (openedFor.current !== streamKey) {
    openedFor.current = streamKey;
    positionRef.current = startAt;
    originRef.current = null;
  }

  const onMessage = useCallback(
    (message: ServerMessage) => {
      const at = message['at'];
      if (message.type === 'init') {
        originRef.current = typeof message['originMs'] === 'number' ? message['originMs'] : null;
        setEnded(false);
      } else if (message.type === 'position' && typeof at === 'number' && originRef.current === null) {
        moveTo(at);
      } else if (message.type === 'end') {
        setEnded(true);
      }
    },
    [moveTo],
  );

  const { status, connection } = useStream(video, {
    streamKey,
    mode: 'playback',
    url: () => webSocketUrl(`/api/cameras/${encodeURIComponent(cameraId ?? '')}/playback?from=${Math.round(positionRef.current)}&speed=${speedRef.current}`),
    onMessage,
  });

  useEffect(() => {
    moveTo(startAt);
    setPaused(false);
    setEnded(false);
  }, [startAt, cameraId, moveTo]);

  // A new connection asks for the current speed (in its URL): its player must play at it too.
  useEffect(() => connection?.player.setRate(speedRef.current), [connection]);

  useEffect(() => {
    const timer = setInterval(() => {
      const element = video.current;
      const origin = originRef.current;
      if (element !== null && origin !== null && element.readyState >= 2) moveTo(origin + element.currentTime * 1000);
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [video, moveTo]);

  const seek = useCallback(
    (at: number) => {
      originRef.current = null;
      moveTo(at);
      setEnded(false);
      if (connection === null) return;
      if (connection.send({ type: 'seek', at: Math.round(at) })) connection.player.discontinuity();
      else connection.restart();
    },
    [connection, moveTo],
  );

  const pause = useCallback(
    (next: boolean) => {
      if (connection === null) return;
      connection.send({ type: next ? 'pause' : 'play' });
      connection.player.setPaused(next);
      setPaused(next);
    },
    [connection],
  );
  const togglePause = useCallback(() => pause(!paused), [pause, paused]);

  const setSpeed = useCallback(
    (value: number) => {
      speedRef.current = value;
      setSpeedState(value);
      connection?.send({ type: 'speed', value });
      connection?.player.setRate(value);
    },
    [connection],
  );

  const step = useCallback(() => {
    if (connection === null) return;
    if (!paused) pause(true);
    connection.player.stepForward(FRAME_SECONDS);
    connection.send({ type: 'step' });
  }, [connection, paused, pause]);

  return { status, position, paused, ended, speed, seek, togglePause, setSpeed, step };
}
