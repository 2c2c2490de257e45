// Live thumbnails for the console's small picture of the wall: one WebSocket for the whole page
// (GET /api/wall/thumbnails) telling the server which cameras the wall shows; the server sends each camera's
// small JPEG about every 2 s (its sub stream's keyframes), once per camera however many monitors show it, and
// refuses the cameras this person may not watch live. Every monitor showing a camera uses the same object URL.
// A hidden page closes the socket (nothing decoded, nothing sent) and opens it again when shown.
import { useEffect, useRef, useState } from 'react';
import { webSocketUrl } from '../api/client.js';

export interface ThumbnailPicture {
  readonly url: string;
  /** When the camera took the picture (ms since the epoch). */
  readonly atMs: number;
}

const RETRY_MS = 3000;

/** The newest picture of each camera in `cameraIds` that the server sent. */
export function useWallThumbnails(cameraIds: readonly string[]): ReadonlyMap<string, ThumbnailPicture> {
  const [pictures, setPictures] = useState<ReadonlyMap<string, ThumbnailPicture>>(new Map());
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  const socketRef = useRef<WebSocket | null>(null);
  const key = [...new Set(cameraIds)].sort().join(',');
  const keyRef = useRef(key);
  keyRef.current = key;
  const latest = useRef(pictures);
  latest.current = pictures;
  useEffect(() => () => latest.current.forEach((picture) => URL.revokeObjectURL(picture.url)), []);

  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);

  const wanted = key !== '';
  useEffect(() => {
    if (!visible || !wanted) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const socket = new WebSocket(webSocketUrl('/api/wall/thumbnails'));
      socket.binaryType = 'arraybuffer';
      socketRef.current = socket;
      socket.onopen = () => socket.send(watchMessage(keyRef.current));
      socket.onmessage = (event) => {
        if (!(event.data instanceof ArrayBuffer)) return;
        const picture = readPicture(event.data);
        if (picture === undefined) return;
        setPictures((current) => {
          const next = new Map(current);
          const previous = next.get(picture.cameraId);
          if (previous !== undefined) URL.revokeObjectURL(previous.url);
          next.set(picture.cameraId, { url: URL.createObjectURL(picture.jpeg), atMs: picture.atMs });
          return next;
        });
      };
      socket.onclose = () => {
        if (socketRef.current === socket) socketRef.current = null;
        if (!stopped) timer = setTimeout(connect, RETRY_MS);
      };
    };
    connect();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      socketRef.current?.close();
      socketRef.current = null;
    };
  }, [visible, wanted]);

  // A change of what the wall shows: the same socket, a new set of cameras; pictures of cameras gone are dropped.
  useEffect(() => {
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN) socket.send(watchMessage(key));
    const kept = new Set(key.split(','));
    setPictures((current) => {
      const gone = [...current.keys()].filter((id) => !kept.has(id));
      if (gone.length === 0) return current;
      const next = new Map(current);
      for (const id of gone) {
        URL.revokeObjectURL(next.get(id)?.url ?? '');
        next.delete(id);
      }
      return next;
    });
  }, [key]);

  return pictures;
}

const watchMessage = (key: string): string => JSON.stringify({ type: 'watch', cameraIds: key === '' ? [] : key.split(',') });

/** A picture message: a 2-byte header length, the JSON header {cameraId, atMs}, the JPEG. */
function readPicture(data: ArrayBuffer): { cameraId: string; atMs: number; jpeg: Blob } | undefined {
  if (data.byteLength < 2) return undefined;
  const length = new DataView(data).getUint16(0);
  try {
    const header = JSON.parse(new TextDecoder().decode(new Uint8Array(data, 2, length))) as { cameraId?: unknown; atMs?: unknown };
    if (typeof header.cameraId !== 'string' || typeof header.atMs !== 'number') return undefined;
    return { cameraId: header.cameraId, atMs: header.atMs, jpeg: new Blob([new Uint8Array(data, 2 + length)], { type: 'image/jpeg' }) };
  } catch {
    return undefined;
  }
}
