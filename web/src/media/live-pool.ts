// The page's live streams, one per camera stream whatever the number of tiles showing it. A stream nobody
// shows any more is closed after a short grace, so that a tile moved, resized or remounted keeps its socket.
import { webSocketUrl } from '../api/client.js';
import type { LiveListener } from './live-listener.js';
import { LiveSource } from './live-source.js';

const UNUSED_GRACE_MS = 3000;

const sources = new Map<string, LiveSource>();
const closing = new Map<string, ReturnType<typeof setTimeout>>();

/** `path` is the live WebSocket's path, e.g. /api/cameras/ID/live?stream=sub; it is also the sharing key. */
export function joinLive(path: string, listener: LiveListener): LiveSource {
  clearTimeout(closing.get(path));
  closing.delete(path);
  let source = sources.get(path);
  if (source === undefined) {
    source = new LiveSource(path, () => webSocketUrl(path));
    sources.set(path, source);
  }
  source.add(listener);
  publishStats();
  return source;
}

/** `immediately`: no grace, the last tile leaving closes the socket now (the page's tiles all moved to another rate). */
export function leaveLive(source: LiveSource, listener: LiveListener, immediately = false): void {
  source.remove(listener);
  publishStats();
  if (source.listeners > 0) return;
  if (immediately) {
    clearTimeout(closing.get(source.key));
    closeUnused(source);
    return;
  }
  if (closing.has(source.key)) return;
  closing.set(
    source.key,
    setTimeout(() => {
      closing.delete(source.key);
      if (source.listeners === 0) closeUnused(source);
    }, UNUSED_GRACE_MS),
  );
}

function closeUnused(source: LiveSource): void {
  closing.delete(source.key);
  source.close();
  if (sources.get(source.key) === source) sources.delete(source.key);
  publishStats();
}

/** How many live sockets the page holds and how many tiles they feed, on <html data-live-sockets data-live-tiles> for tools and tests. */
function publishStats(): void {
  let tiles = 0;
  for (const source of sources.values()) tiles += source.listeners;
  document.documentElement.dataset['liveSockets'] = String(sources.size);
  document.documentElement.dataset['liveTiles'] = String(tiles);
}
