// Offline analysis of a video file (footage handed over for an investigation): the same pipeline and rules as
// live, the rules on the whole picture, events with start/end in seconds from the file's start, and optionally
// the person tracks in MOTChallenge format.
import { DetectorPool } from './detector-pool.js';
import { FrameSource, analysisSize, probeSource } from './frames.js';
import { CameraPipeline } from './pipeline.js';
import { profileRules } from './catalogue.js';
import type { Detector } from './detector.js';
import { steadyBox, type Track } from './tracker.js';
import { linkTracklets, type TrackRow } from './tracklets.js';
import type { AnalyticsEvent, AnalyticsProfile, RuleName, RuleSetting } from './model.js';

export interface AnalyzeOptions {
  readonly profile?: AnalyticsProfile;
  /** Only these rules (default: every rule of the profile). */
  readonly rules?: readonly RuleName[];
  /** Thresholds per rule, over the catalogue's defaults. */
  readonly thresholds?: Partial<Record<RuleName, Record<string, number>>>;
  /** Collect person tracks for a MOTChallenge file (every frame is then analysed). */
  readonly mot?: boolean;
  /** Analysed frames per second when not every frame is needed (default: the file's rate, at most 10). */
  readonly fps?: number;
  /** Stop after this many seconds of the file. */
  readonly maxSeconds?: number;
  readonly detector?: Detector;
  /** Called for each event as soon as it ends. */
  readonly onEvent?: (event: FileEvent) => void;
  readonly gating?: boolean;
}

export interface FileEvent {
  readonly rule: RuleName;
  /** Seconds from the file's start. */
  readonly start: number;
  readonly end: number;
  readonly confidence: number;
  /** Boxes normalised 0..1. */
  readonly boxes: AnalyticsEvent['boxes'];
}

export interface AnalyzeResult {
  readonly events: FileEvent[];
  /** MOTChallenge lines `frame,id,x,y,w,h,conf,-1,-1,-1` (pixels of the file, 1-based frames). */
  readonly mot: string[];
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  /** Frames per second of the analysis. */
  readonly fps: number;
  /** Frames the detector looked at. */
  readonly detectedFrames: number;
}

export class UnreadableVideoError extends Error {}

/**
 * Whether a track goes into the MOTChallenge file: a person seen clearly at least once (a track born of faint
 * detections only is mostly clutter: a rock, a post, a shadow) whose recent detections hold up. Measured on PETS09
 * and TUD-Campus: the recent confidence alone (0.4) halves the false positives for few misses; the clear sighting
 * removes the still clutter that hovers around 0.45.
 */
export const reportedInMot = (track: Pick<Track, 'className' | 'confidence' | 'peak'>): boolean => track.className === 'person' && track.peak >= 0.5 && track.confidence >= 0.4;

export async function analyzeFile(path: string, options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const info = await probeSource(path);
  if (info === null) throw new UnreadableVideoError(`le fichier ${path} n'est pas une vidéo lisible`);
  const names = options.rules ?? profileRules(options.profile ?? 'legal');
  const rules: RuleSetting[] = names.map((rule) => ({ rule, ...(options.thresholds?.[rule] === undefined ? {} : { thresholds: options.thresholds[rule] }) }));
  const sourceFps = info.fps ?? 25;
  const fps = options.mot === true ? sourceFps : Math.min(sourceFps, options.fps ?? 10);
  const size = analysisSize(info);
  const ownDetector = options.detector === undefined;
  const detector = options.detector ?? new DetectorPool({ workers: 2, pose: rules.some((r) => r.rule === 'aggression' || r.rule === 'person_on_ground') });
  const events: FileEvent[] = [];
  const personRows: TrackRow[] = [];
  const toFileEvent = (e: AnalyticsEvent): FileEvent => {
    const event = { rule: e.rule, start: Math.round(e.startMs) / 1000, end: Math.round(e.endMs) / 1000, confidence: e.confidence, boxes: e.boxes };
    events.push(event);
    options.onEvent?.(event);
    return event;
  };
  let frames = 0;
  let detectedFrames = 0;
  const source = new FrameSource({ url: path, ...size, fps: options.mot === true ? undefined : fps, maxSeconds: options.maxSeconds });
  try {
    await detector.load();
    const pipeline = new CameraPipeline({ cameraId: 'fichier', ...size, rules, detector, gating: options.gating ?? true });
    for (;;) {
      const frame = await source.next();
      if (frame === null) break;
      frames++;
      const atMs = ((frames - 1) * 1000) / fps;
      const outcome = await pipeline.process(frame, atMs);
      if (outcome.detected) detectedFrames++;
      outcome.closed.forEach(toFileEvent);
      if (options.mot === true)
        for (const track of outcome.tracks) {
          if (!reportedInMot(track)) continue;
          const box = steadyBox(track);
          personRows.push({ frame: frames, id: track.id, box: { x: box.x * info.width, y: box.y * info.height, w: box.w * info.width, h: box.h * info.height }, confidence: track.confidence });
        }
    }
    pipeline.finish().forEach(toFileEvent);
  } finally {
    source.close();
    if (ownDetector) await detector.close();
  }
  if (frames === 0) throw new UnreadableVideoError(`le fichier ${path} ne contient aucune image lisible`);
  // The whole file is known: the tracks are joined again across crossings and gaps before they are written.
  const r = (v: number): number => Math.round(v * 100) / 100;
  const mot = linkTracklets(personRows, { fps }).map(({ frame, id, box, confidence }) => `${frame},${id},${r(box.x)},${r(box.y)},${r(box.w)},${r(box.h)},${r(confidence)},-1,-1,-1`);
  return { events, mot, frames, width: info.width, height: info.height, fps, detectedFrames };
}
