// Kysely table types of the analytics capability. Conventions (db/database.ts): times are integer ms.
import type { Generated } from 'kysely';

export interface DetectionTable {
  id: Generated<number>;
  camera_id: string;
  at_ms: number;
  track_id: number;
  /** COCO class name in English as the model names it ('person', 'car', 'backpack', …). */
  class: string;
  confidence: number;
  /** Box, normalised 0..1 to the picture (x, y = top-left corner). */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Dominant colours, French names, comma-separated, dominant first ('bleu,noir'); '' when unknown. */
  colours: string;
  /** Direction of motion in degrees (0 = towards the right of the picture, 90 = down), null when still or new. */
  direction_deg: number | null;
  /** Speed in picture widths per second, null for a new track. */
  speed: number | null;
}

export interface AnalyticsTables {
  detections: DetectionTable;
}
