// React binding of a tile's <video> to the page's shared live stream `path`: one LiveViewer per path, paused
// while `active` is false, with a readout (frame rate, age of the picture, picture rate) refreshed every second.
// `reducible`: the tile takes part in the page's decode budget (a wall's small tile, decode-budget.ts).
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { PictureRate } from './decode-budget.js';
import { LiveViewer } from './live-viewer.js';
import type { ConnectionStatus } from './stream-protocol.js';
import type { StreamReadout } from './use-stream.js';

export interface LiveReadout extends StreamReadout {
  /** Seconds between the camera taking the picture shown and now; null while unknown. */
  readonly age: number | null;
  /** 'keyframes' while the decode budget gives the tile the keyframes alone. */
  readonly pictures: PictureRate;
}

export function useLiveStream(video: RefObject<HTMLVideoElement | null>, path: string | null, active: boolean, reducible = false) {
  const [status, setStatus] = useState<ConnectionStatus>({ kind: 'connecting' });
  const [readout, setReadout] = useState<LiveReadout>({ fps: 0, delay: 0, age: null, pictures: 'all' });
  const viewer = useRef<LiveViewer | null>(null);
  const activeNow = useRef(active);
  activeNow.current = active;

  useEffect(() => {
    const element = video.current;
    if (path === null || element === null) return undefined;
    const opened = new LiveViewer(element, path, setStatus, reducible);
    opened.setActive(activeNow.current);
    viewer.current = opened;
    const timer = setInterval(() => setReadout({ fps: opened.meter.fps(), delay: opened.player.bufferedAhead(), age: opened.pictureAge(), pictures: opened.pictureRate }), 1000);
    return () => {
      clearInterval(timer);
      opened.close();
      viewer.current = null;
    };
  }, [path, video, reducible]);

  useEffect(() => viewer.current?.setActive(active), [active]);

  return { status, readout };
}
