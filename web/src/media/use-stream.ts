// React binding of a StreamConnection to a <video>: one connection per `streamKey` (camera and stream),
// closed when the key changes or the component goes away, with a readout refreshed every second.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { StreamConnection, type ConnectionStatus, type ServerMessage } from './stream-connection.js';
import type { PlayerMode } from './mse-player.js';

export interface StreamReadout {
  readonly fps: number;
  /** Seconds of video buffered ahead of what is shown. */
  readonly delay: number;
}

export interface StreamOptions {
  /** Null: no stream (empty tile). A new key opens a new connection. */
  readonly streamKey: string | null;
  readonly url: () => string;
  readonly mode: PlayerMode;
  readonly onMessage?: (message: ServerMessage) => void;
}

export function useStream(video: RefObject<HTMLVideoElement | null>, options: StreamOptions) {
  const [status, setStatus] = useState<ConnectionStatus>({ kind: 'connecting' });
  const [readout, setReadout] = useState<StreamReadout>({ fps: 0, delay: 0 });
  const [connection, setConnection] = useState<StreamConnection | null>(null);
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    const element = video.current;
    if (options.streamKey === null || element === null) return undefined;
    const opened = new StreamConnection({
      url: () => latest.current.url(),
      mode: latest.current.mode,
      video: element,
      onStatus: setStatus,
      onMessage: (message) => latest.current.onMessage?.(message),
    });
    setConnection(opened);
    const timer = setInterval(() => setReadout({ fps: opened.meter.fps(), delay: opened.player.bufferedAhead() }), 1000);
    return () => {
      clearInterval(timer);
      opened.close();
      setConnection(null);
    };
  }, [options.streamKey, video]);

  return { status, readout, connection };
}

/** A French one-liner for the tile overlay. */
export function describeStatus(status: ConnectionStatus): string {
  switch (status.kind) {
    case 'connecting':
      return 'Connexion…';
    case 'playing':
      return '';
    case 'waiting':
      return `${status.reason} — nouvel essai dans ${Math.ceil(status.retryInMs / 1000)} s`;
    case 'failed':
      return status.reason;
  }
}
