// What is measured on the decoded pictures themselves: masked areas blanked, motion against the previous picture
// (on a small grey copy: a quiet camera costs almost nothing), focus, brightness, flame and smoke colours,
// lasting change of the scene, and the dominant colours of a box in French.
import { pointInPolygon, type Box } from './geometry.js';
import type { RgbFrame } from './detector.js';
import type { FrameStats } from './rules.js';
import type { Point } from './model.js';

/** A bitmap of the pixels to blank (1) at the analysis size, or undefined when nothing is masked. */
export function exclusionMask(width: number, height: number, excluded: ReadonlyArray<ReadonlyArray<Point>> | undefined): Uint8Array | undefined {
  const polygons = (excluded ?? []).filter((p) => p.length >= 3);
  if (polygons.length === 0) return undefined;
  const mask = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const p: Point = [(x + 0.5) / width, (y + 0.5) / height];
      if (polygons.some((polygon) => pointInPolygon(p, polygon))) mask[y * width + x] = 1;
    }
  return mask;
}

export function blank(frame: RgbFrame, mask: Uint8Array | undefined): void {
  if (mask === undefined) return;
  const data = frame.data;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) data[i * 3] = data[i * 3 + 1] = data[i * 3 + 2] = 0;
}

const GRID_W = 32;

export interface MotionResult {
  readonly stats: FrameStats;
  /** Boxes (normalised) of the cells that moved. */
  readonly moving: readonly Box[];
  /** The grey picture (width × height, row-major), for the static-foreground model. */
  readonly grey: Float32Array;
}

/** Keeps the previous pictures of one camera and measures each new one against them. */
export class PictureAnalyser {
  private previous: Uint8Array | undefined;
  private previousGrey: Float32Array | undefined;
  private background: Float32Array | undefined;
  private readonly gridH: number;
  private readonly cellW: number;
  private readonly cellH: number;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.gridH = Math.max(1, Math.round((GRID_W * height) / width));
    this.cellW = width / GRID_W;
    this.cellH = height / this.gridH;
  }

  analyse(frame: RgbFrame): MotionResult {
    const { width, height, data } = frame;
    const grey = new Float32Array(width * height);
    for (let i = 0, p = 0; i < grey.length; i++, p += 3) grey[i] = 0.299 * (data[p] as number) + 0.587 * (data[p + 1] as number) + 0.114 * (data[p + 2] as number);
    const prev = this.previous;
    const prevGrey = this.previousGrey;
    const cells = new Uint16Array(GRID_W * this.gridH);
    let sum = 0;
    let sumSq = 0;
    let lap = 0;
    let flame = 0;
    let smoke = 0;
    let moved = 0;
    let changed = 0;
    let samples = 0;
    const background = this.background ?? Float32Array.from(grey);
    // Every second pixel of every second row: plenty for statistics, a quarter of the work.
    for (let y = 1; y < height - 1; y += 2)
      for (let x = 1; x < width - 1; x += 2) {
        const i = y * width + x;
        const g = grey[i] as number;
        samples++;
        sum += g;
        sumSq += g * g;
        lap += Math.abs(4 * g - (grey[i - 1] as number) - (grey[i + 1] as number) - (grey[i - width] as number) - (grey[i + width] as number));
        const diff = prevGrey === undefined ? 0 : Math.abs(g - (prevGrey[i] as number));
        if (diff > 18) {
          moved++;
          const cell = Math.min(this.gridH - 1, Math.floor(y / this.cellH)) * GRID_W + Math.min(GRID_W - 1, Math.floor(x / this.cellW));
          cells[cell] = (cells[cell] as number) + 1;
        }
        const bg = background[i] as number;
        if (Math.abs(g - bg) > 40) changed++;
        background[i] = bg + 0.01 * (g - bg);
        const r = data[i * 3] as number;
        const gr = data[i * 3 + 1] as number;
        const b = data[i * 3 + 2] as number;
        // Flame colours (bright, red ≥ green > blue, saturated) that flicker.
        if (r >= 180 && r >= gr && gr > b && gr >= 0.35 * r && r - b >= 90 && prev !== undefined && Math.abs(r + gr - (prev[i * 3] as number) - (prev[i * 3 + 1] as number)) > 25) flame++;
        // Smoke: unsaturated mid-to-light grey, softly changing, with little fine texture.
        const sat = Math.max(r, gr, b) - Math.min(r, gr, b);
        if (sat < 22 && g > 90 && g < 225 && diff > 2 && diff < 14 && Math.abs(g - (grey[i - 1] as number)) < 4 && Math.abs(g - (grey[i - width] as number)) < 4) smoke++;
      }
    this.background = background;
    this.previous = data.slice();
    this.previousGrey = grey;
    const perCell = samples / cells.length;
    const moving: Box[] = [];
    for (let c = 0; c < cells.length; c++)
      if ((cells[c] as number) > perCell * 0.05)
        moving.push({ x: ((c % GRID_W) * this.cellW) / this.width, y: (Math.floor(c / GRID_W) * this.cellH) / this.height, w: this.cellW / this.width, h: this.cellH / this.height });
    const mean = sum / samples;
    return {
      stats: {
        sharpness: lap / samples,
        brightness: mean,
        contrast: Math.sqrt(Math.max(0, sumSq / samples - mean * mean)),
        flameFraction: flame / samples,
        smokeFraction: smoke / samples,
        motionFraction: moved / samples,
        sceneChange: changed / samples,
      },
      moving,
      grey,
    };
  }
}

/** Cuts a box (normalised) out of a frame. */
export function crop(frame: RgbFrame, box: Box): RgbFrame {
  const x0 = Math.max(0, Math.floor(box.x * frame.width));
  const y0 = Math.max(0, Math.floor(box.y * frame.height));
  const x1 = Math.min(frame.width, Math.ceil((box.x + box.w) * frame.width));
  const y1 = Math.min(frame.height, Math.ceil((box.y + box.h) * frame.height));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) data.set(frame.data.subarray(((y0 + y) * frame.width + x0) * 3, ((y0 + y) * frame.width + x0 + w) * 3), y * w * 3);
  return { width: w, height: h, data };
}

/** Every colour name dominantColours() may give (French), for the forensic search to check what it is asked. */
export const COLOUR_NAMES = ['noir', 'blanc', 'gris', 'marron', 'rouge', 'orange', 'jaune', 'vert', 'bleu', 'violet', 'rose'] as const;

function colourName(r: number, g: number, b: number): (typeof COLOUR_NAMES)[number] {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const v = max;
  const s = max === 0 ? 0 : (max - min) / max;
  if (v < 50) return 'noir';
  if (s < 0.18) return v > 190 ? 'blanc' : 'gris';
  let h = 0;
  const d = max - min;
  if (max === r) h = ((g - b) / d) * 60;
  else if (max === g) h = ((b - r) / d) * 60 + 120;
  else h = ((r - g) / d) * 60 + 240;
  if (h < 0) h += 360;
  if ((h < 40 || h >= 345) && v < 140 && s > 0.3) return 'marron';
  if (h < 15 || h >= 345) return 'rouge';
  if (h < 40) return 'orange';
  if (h < 68) return 'jaune';
  if (h < 170) return 'vert';
  if (h < 255) return 'bleu';
  if (h < 290) return 'violet';
  return 'rose';
}

/** The dominant colours of the middle of a box, French names, dominant first (at most 3, each ≥ 20 %). */
export function dominantColours(frame: RgbFrame, box: Box): string[] {
  const x0 = Math.max(0, Math.floor((box.x + box.w * 0.2) * frame.width));
  const x1 = Math.min(frame.width, Math.ceil((box.x + box.w * 0.8) * frame.width));
  const y0 = Math.max(0, Math.floor((box.y + box.h * 0.15) * frame.height));
  const y1 = Math.min(frame.height, Math.ceil((box.y + box.h * 0.85) * frame.height));
  const counts = new Map<string, number>();
  let total = 0;
  const step = Math.max(1, Math.floor(Math.sqrt(((x1 - x0) * (y1 - y0)) / 400)));
  for (let y = y0; y < y1; y += step)
    for (let x = x0; x < x1; x += step) {
      const p = (y * frame.width + x) * 3;
      const name = colourName(frame.data[p] as number, frame.data[p + 1] as number, frame.data[p + 2] as number);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      total++;
    }
  return [...counts.entries()]
    .filter(([, n]) => n >= total * 0.2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name]) => name);
}
