// Playback of one camera from an instant over WebSocket /api/cameras/:id/playback: position (from the
// server's {"type":"position"} messages, advanced locally between them), pause, speed, frame step, seek.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { webSocketUrl } from '../api/client.js';
import { useStream } from '../media/use-stream.js';

export const SPEEDS = [1, 2, 4, 8, 16] as const;
const TICK_MS = 250;

export function usePlayback(video: RefObject<HTMLVideoElement | null>, cameraId: string | null, startAt: number) {
  const [position, setPosition] = useState<number>(startAt);
  const [paused, setPaused] = useState(false);
  const [speed, setSpeedState] = useState<number>(1);
  const positionRef = useRef(startAt);
  const speedRef = useRef(1);
  const lastVideoTime = useRef<number | null>(null);

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
  }
  const { status, connection } = useStream(video, {
    streamKey,
    mode: 'playback',
    url: () => webSocketUrl(`/api/cameras/${encodeURIComponent(cameraId ?? '')}/playback?from=${Math.round(positionRef.current)}&speed=${speedRef.current}`),
    onPosition: (at) => {
      lastVideoTime.current = video.current?.currentTime ?? null;
      moveTo(at);
    },
  });

  useEffect(() => {
    moveTo(startAt);
    setPaused(false);
  }, [startAt, cameraId, moveTo]);

  // A new connection asks for the current speed (in its URL): its player must play at it too.
  useEffect(() => connection?.player.setRate(speedRef.current), [connection]);

  // Between the server's position messages, follow the video clock.
  useEffect(() => {
    const timer = setInterval(() => {
      const element = video.current;
      if (element === null) return;
      const now = element.currentTime;
      const before = lastVideoTime.current;
      lastVideoTime.current = now;
      if (before !== null && now > before && now - before < 2) moveTo(positionRef.current + (now - before) * 1000);
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [video, moveTo]);

  const seek = useCallback(
    (at: number) => {
      moveTo(at);
      lastVideoTime.current = null;
      if (connection === null) return;
      if (connection.send({ type: 'seek', at: Math.round(at) })) connection.player.discontinuity();
      else connection.restart();
    },
    [connection, moveTo],
  );

  const togglePause = useCallback(() => {
    if (connection === null) return;
    const next = !paused;
    connection.send({ type: next ? 'pause' : 'play' });
    connection.player.setPaused(next);
    setPaused(next);
  }, [connection, paused]);

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
    if (!paused) {
      connection.send({ type: 'pause' });
      connection.player.setPaused(true);
      setPaused(true);
    }
    connection.player.showNextFrame();
    connection.send({ type: 'step' });
  }, [connection, paused]);

  return { status, position, paused, speed, seek, togglePause, setSpeed, step };
}
