// "Tester le flux": Vigie's own RTSP client connects to a camera stream over TCP, exactly as the ingest will, reads
// two seconds of pictures and reports the codec, profile, resolution (from the SPS), frame rate (from the RTP
// timestamps) and bitrate (bytes received), checked against the floors of the arrêté of 3 August 2007
// (legal-floors.ts). The credentials stay inside the server process — no command line ever holds them — and never
// go into the answer: failures are reported as a reason.
import { openRtspSession, type RtspSession } from '../media/rtsp/index.js';
import type { AccessUnit, TrackInfo } from '../media/hub/index.js';
import type { Logger } from '../core/logger.js';
import { floorProblems, type FloorProblem, type QualityFloor } from './legal-floors.js';
import type { StreamEndpoint } from './model.js';

export const PROBE_FAILURES = ['unreachable', 'unauthorized', 'not-found', 'timeout', 'no-video'] as const;
export type ProbeFailure = (typeof PROBE_FAILURES)[number];

export type ProbeResult =
  | {
      readonly ok: true;
      readonly codec: string;
      readonly profile: string | null;
      readonly width: number | null;
      readonly height: number | null;
      readonly frameRate: number | null;
      readonly bitrateKbps: number | null;
      readonly floor: QualityFloor;
      readonly belowFloor: readonly FloorProblem[];
    }
  | { readonly ok: false; readonly failure: ProbeFailure };

export interface ProbeOptions {
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

/** Long enough for a camera to answer and send a keyframe; the console shows a waiting message meanwhile. */
const DEFAULT_TIMEOUT_MS = 12_000;
/** Pictures measured: two seconds of the stream's own clock (RTP, 90 kHz) from its first keyframe. */
const MEASURED_90K = 2 * 90_000;

export async function probeStream(endpoint: StreamEndpoint, floor: QualityFloor, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const measure = new Measure();
  let session: RtspSession;
  try {
    session = await openRtspSession({
      url: endpoint.url,
      username: endpoint.username,
      password: endpoint.password,
      transport: 'tcp',
      signal: deadline,
      timeoutMs: Math.round(timeoutMs * 0.6),
      onAccessUnit: (unit) => measure.add(unit),
    });
  } catch (error) {
    const failure = deadline.aborted ? 'timeout' : failureOf(error);
    options.logger?.info({ url: endpoint.url, failure, reason: reasonOf(error) }, 'stream probe failed');
    return { ok: false, failure };
  }
  let track = session.track;
  session.onTrackChange((changed) => (track = changed));
  const ended = await Promise.race([measure.done, session.closed.then((reason) => reason), new Promise<'deadline'>((resolve) => deadline.addEventListener('abort', () => resolve('deadline')))]);
  await session.close();
  if (ended !== 'measured') {
    // The deadline also aborts the session: whichever is seen first, running out of time is a timeout.
    const failed = ended !== 'deadline' && !deadline.aborted && ended.kind === 'failed' ? ended.error : undefined;
    const failure = failed === undefined ? 'timeout' : failureOf(failed);
    options.logger?.info({ url: endpoint.url, failure, reason: failed === undefined ? 'no pictures in time' : reasonOf(failed) }, 'stream probe failed');
    return { ok: false, failure };
  }
  const width = track.width ?? null;
  const height = track.height ?? null;
  const frameRate = measure.frameRate();
  return {
    ok: true,
    codec: track.codec,
    profile: profileOf(track),
    width,
    height,
    frameRate,
    bitrateKbps: measure.bitrateKbps(),
    floor,
    belowFloor: floorProblems(floor, { width, height, frameRate }),
  };
}

/** Counts pictures and bytes from the first keyframe until MEASURED_90K of the stream's clock has passed. */
class Measure {
  #firstDts: number | undefined;
  #lastDts = 0;
  #pictures = 0;
  #bytes = 0;
  #finish: (value: 'measured') => void = () => undefined;
  readonly done = new Promise<'measured'>((resolve) => (this.#finish = resolve));

  add(unit: AccessUnit): void {
    if (this.#firstDts === undefined && !unit.isKeyframe) return;
    this.#firstDts ??= unit.dts90k;
    // The pictures of [first, last) are counted: the last one only closes the interval.
    if (unit.dts90k - this.#firstDts >= MEASURED_90K) {
      this.#lastDts = unit.dts90k;
      this.#finish('measured');
      return;
    }
    this.#pictures += 1;
    this.#bytes += unit.sample.byteLength;
  }

  #seconds(): number {
    return (this.#lastDts - (this.#firstDts ?? 0)) / 90_000;
  }

  frameRate(): number | null {
    return this.#seconds() > 0 ? Math.round((this.#pictures / this.#seconds()) * 100) / 100 : null;
  }

  bitrateKbps(): number | null {
    return this.#seconds() > 0 ? Math.round((this.#bytes * 8) / this.#seconds() / 1000) : null;
  }
}

const H264_PROFILES: Readonly<Record<number, string>> = { 66: 'Baseline', 77: 'Main', 88: 'Extended', 100: 'High', 110: 'High 10', 122: 'High 4:2:2', 244: 'High 4:4:4' };
const H265_PROFILES: Readonly<Record<number, string>> = { 1: 'Main', 2: 'Main 10', 3: 'Main Still Picture', 4: 'Range Extensions' };

/** The profile named by the SPS: H.264's profile_idc (byte 1), H.265's general_profile_idc (byte 3, low 5 bits). */
function profileOf(track: TrackInfo): string | null {
  const sps = track.parameterSets?.sps;
  if (sps === undefined) return null;
  const idc = track.codec === 'h264' ? sps[1] : sps[3] === undefined ? undefined : sps[3] & 0x1f;
  return idc === undefined ? null : ((track.codec === 'h264' ? H264_PROFILES : H265_PROFILES)[idc] ?? null);
}

/** The RTSP client's error codes (media/rtsp/errors.ts) as what the person testing can act on. */
function failureOf(error: unknown): ProbeFailure {
  const { code, context } = (error ?? {}) as { code?: unknown; context?: { statusCode?: unknown } };
  if (code === 'VIGIE_RTSP_AUTH_REJECTED') return 'unauthorized';
  if (context?.statusCode === 404 || code === 'VIGIE_RTSP_INVALID_URL') return 'not-found';
  if (code === 'VIGIE_RTSP_NO_VIDEO_TRACK' || code === 'VIGIE_RTSP_TRANSPORT_REJECTED') return 'no-video';
  if (code === 'VIGIE_RTSP_TIMEOUT' || code === 'VIGIE_RTSP_NO_DATA') return 'timeout';
  return 'unreachable';
}

/** For the log: the client's own message (it never quotes credentials) or the error's name. */
function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
}
