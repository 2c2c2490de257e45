// The analytics vocabulary shared by the pipeline, the rules, the live runner and the offline analysis.

/** The legal catalogue (décret 2023-828, 8 event types) and the opt-in extended profile. */
export const LEGAL_RULES = ['abandoned_object', 'weapon', 'wrong_way', 'intrusion', 'person_on_ground', 'crowd_movement', 'density', 'fire'] as const;
export const EXTENDED_RULES = ['aggression', 'road_accident', 'tampering'] as const;
export const RULE_NAMES = [...LEGAL_RULES, ...EXTENDED_RULES] as const;

export type RuleName = (typeof RULE_NAMES)[number];
export type AnalyticsProfile = 'legal' | 'extended';

export function isRuleName(value: string): value is RuleName {
  return (RULE_NAMES as readonly string[]).includes(value);
}

/** A box in the picture, normalised 0..1 (x, y = top-left corner). */
export interface EventBox {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly label: string;
  readonly trackId?: number;
}

/** One event: repeated detections of one situation are merged into one (start/end). */
export interface AnalyticsEvent {
  readonly cameraId: string;
  readonly rule: RuleName;
  readonly zoneId?: string;
  readonly confidence: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly boxes: readonly EventBox[];
  /**
   * Live runner only: 'start' when the event opens (endMs = startMs: raise the alert now), 'end' when it closes
   * (same startMs, final endMs). One event = one start (and at most one end).
   */
  readonly phase?: 'start' | 'end';
}

export type Point = readonly [number, number];

/** One rule on one camera; without zone nor line it applies to the whole picture. */
export interface RuleSetting {
  readonly rule: RuleName;
  readonly zoneId?: string;
  /** Polygon, normalised points. */
  readonly zone?: ReadonlyArray<Point>;
  /** Line to cross (wrong way, intrusion by crossing). */
  readonly line?: readonly [Point, Point];
  /** Allowed direction of travel, degrees (0 = right, 90 = down) for wrong_way. */
  readonly direction?: number;
  readonly thresholds?: Readonly<Record<string, number>>;
}

export interface CameraAnalysis {
  readonly cameraId: string;
  /** A file or a stream URL (offline, tests); ignored when `streamKey` is given. */
  readonly sourceUrl?: string;
  /** The hub stream to analyse ("<cameraId>/sub"): live cameras are read from Vigie's hub, never from their URL. */
  readonly streamKey?: string;
  /** Analysed frames per second. */
  readonly fps: number;
  readonly rules: readonly RuleSetting[];
  /** Masked areas, normalised polygons, blanked before anything is analysed. */
  readonly excluded?: ReadonlyArray<ReadonlyArray<Point>>;
}

export interface AnalysisStatus {
  readonly running: boolean;
  /** Why it is not running, in French. */
  readonly reason?: string;
}
