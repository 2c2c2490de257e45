// Adapts the RTSP client (media/rtsp) to the camera link's session seam.
import { sharedSampleSlabs, type SampleSlabPool } from '../media/rtp/index.js';
import { openRtspSession, type RtspCloseReason } from '../media/rtsp/index.js';
import type { OpenSession } from './source-session.js';

/** RTSP sessions whose pictures are written into (and reused from) `slabs`. */
export function rtspSourceSessions(slabs: SampleSlabPool): OpenSession {
  return async (target, events) => {
    const session = await openRtspSession({
      url: target.url,
      username: target.username,
      password: target.password,
      transport: target.transport,
      signal: target.signal,
      timeoutMs: target.timeoutMs,
      onAccessUnit: (unit) => events.unit(unit),
      slabs,
    });
    session.onTrackChange((track) => events.track(track));
    return {
      track: session.track,
      ended: session.closed.then((reason: RtspCloseReason) => (reason.kind === 'failed' ? reason.error : undefined)),
      counters: () => {
        const stats = session.stats();
        return { framesLost: stats.unitsDropped, malformedPackets: stats.malformedPackets };
      },
      close: () => void session.close(),
    };
  };
}

export const openRtspSourceSession: OpenSession = rtspSourceSessions(sharedSampleSlabs);
