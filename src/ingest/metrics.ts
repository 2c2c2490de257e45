// Prometheus metrics of the ingest, labelled by camera and stream. Every value is read at scrape time from
// the links' health, so a removed camera disappears from the next scrape and the hot path counts nothing twice.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { StreamHealth, StreamState } from './health.js';

const STATE_VALUES: Readonly<Record<StreamState, number>> = { offline: 0, degraded: 1, online: 2, idle: 3 };
const labelNames = ['camera', 'stream'] as const;

export function registerIngestMetrics(registry: Registry, healths: () => readonly StreamHealth[]): void {
  const gauge = (name: string, help: string, value: (health: StreamHealth) => number | undefined): void => {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const health of healths()) {
          const v = value(health);
          if (v !== undefined) this.set({ camera: health.cameraId, stream: health.stream }, v);
        }
      },
    });
  };
  // Totals kept by each link: exposed as counters, set from the link's own count at each scrape.
  const counter = (name: string, help: string, value: (health: StreamHealth) => number): void => {
    new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const health of healths()) this.inc({ camera: health.cameraId, stream: health.stream }, value(health));
      },
    });
  };
  gauge('vigie_camera_stream_state', 'Stream state: 0 offline, 1 degraded, 2 online, 3 idle (on demand, unused)', (h) => STATE_VALUES[h.state]);
  gauge('vigie_camera_stream_bitrate_bps', 'Received video bitrate over the last seconds', (h) => h.bitrateBps);
  gauge('vigie_camera_stream_fps', 'Received frames per second over the last seconds', (h) => h.fps);
  gauge('vigie_camera_stream_keyframe_interval_seconds', 'Interval between the last two keyframes', (h) => (h.keyframeIntervalMs === undefined ? undefined : h.keyframeIntervalMs / 1000));
  gauge('vigie_camera_stream_last_frame_timestamp_seconds', 'Wall-clock time of the last received frame', (h) => (h.lastFrameAtMs === undefined ? undefined : h.lastFrameAtMs / 1000));
  counter('vigie_camera_stream_frames_received_total', 'Frames received', (h) => h.framesReceived);
  counter('vigie_camera_stream_frames_lost_total', 'Frames lost (RTP sequence gaps)', (h) => h.framesLost);
  counter('vigie_camera_stream_reconnects_total', 'Reconnections after a failure', (h) => h.reconnects);
}
