// Reads the wall-clock time that the simulator's live cameras burn into their pictures ("LIVE camN  HH:MM:SS.mmm
// UTC", sim/live-camera.ts) from a decoded picture, to measure camera-to-screen latency. The references are the
// same text drawn by the same ffmpeg filter (font, size, position, box), once with every digit 0, once with every
// digit 1, … 9: the columns where they differ are the nine digit cells, and each cell of a picture is read as the
// reference it matches best, on pictures thresholded to white text / dark box.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';
const WIDTH = 1280;
/** Rows of the picture the text and its box occupy (y = 20, 56 px font, 10 px box border). */
export const STRIP_HEIGHT = 110;
const DIGITS = 9;

export interface ClockReader {
  /** Picture columns [from, to) that hold the digits: only those need to be sent from the browser. */
  readonly from: number;
  readonly to: number;
  /** UTC ms of the day shown by a gray strip (columns from..to, STRIP_HEIGHT rows), or null when unreadable. */
  read(gray: Uint8Array): number | null;
}

function render(camera: number, digit: number, dir: string): Uint8Array {
  const d = String(digit);
  const file = join(dir, `text-${digit}.txt`);
  writeFileSync(file, `LIVE cam${camera}  ${d}${d}:${d}${d}:${d}${d}.${d}${d}${d} UTC`);
  const filter = `drawtext=fontfile=${FONT}:textfile=${file}:x=20:y=20:fontsize=56:fontcolor=white:box=1:boxcolor=black@0.8:boxborderw=10,crop=${WIDTH}:${STRIP_HEIGHT}:0:0`;
  return execFileSync(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `color=c=black:s=${WIDTH}x720:r=1`, '-vf', filter, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
    { maxBuffer: 4 * 1024 * 1024 },
  );
}

const lit = (value: number): boolean => value > 128;

export function createClockReader(camera: number): ClockReader {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-clock-'));
  let references: Uint8Array[];
  try {
    references = Array.from({ length: 10 }, (_, digit) => render(camera, digit, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const differs = Array.from({ length: WIDTH }, (_, x) =>
    references.some((ref) => Array.from({ length: STRIP_HEIGHT }, (_, y) => lit(ref[y * WIDTH + x] ?? 0) !== lit(references[0]?.[y * WIDTH + x] ?? 0)).some(Boolean)),
  );
  const cells: Array<[number, number]> = [];
  for (let x = 0; x < WIDTH; x += 1) {
    if (!differs[x]) continue;
    const last = cells.at(-1);
    if (last !== undefined && x - last[1] <= 4) last[1] = x + 1;
    else cells.push([x, x + 1]);
  }
  // Only the rows of the glyphs: above and below them the box is thin and the scene shows through.
  const rows = Array.from({ length: STRIP_HEIGHT }, (_, y) => y).filter((y) =>
    references.some((ref) => cells.length > 0 && Array.from({ length: WIDTH }, (_, x) => lit(ref[y * WIDTH + x] ?? 0)).some(Boolean)),
  );
  const top = rows[0] ?? 0;
  const bottom = (rows.at(-1) ?? STRIP_HEIGHT - 1) + 1;
  if (cells.length !== DIGITS) throw new Error(`burned clock: expected ${DIGITS} digit cells in the reference renders, found ${cells.length}`);
  const from = Math.max(0, (cells[0]?.[0] ?? 0) - 4);
  const to = Math.min(WIDTH, (cells.at(-1)?.[1] ?? WIDTH) + 4);
  const width = to - from;

  return {
    from,
    to,
    read(gray) {
      const digits: number[] = [];
      for (const [a, b] of cells) {
        const scores = references.map((ref) => {
          let mismatches = 0;
          for (let y = top; y < bottom; y += 1) for (let x = a - 2; x < b + 2; x += 1) if (lit(gray[y * width + (x - from)] ?? 0) !== lit(ref[y * WIDTH + x] ?? 0)) mismatches += 1;
          return mismatches;
        });
        const sorted = [...scores].sort((p, q) => p - q);
        // Ambiguous (a picture caught mid-change, heavy compression): better no reading than a wrong one.
        if ((sorted[0] ?? 0) > 0.75 * (sorted[1] ?? 0)) return null;
        digits.push(scores.indexOf(sorted[0] ?? 0));
      }
      const [h1, h2, m1, m2, s1, s2, ms1, ms2, ms3] = digits as [number, number, number, number, number, number, number, number, number];
      const hours = h1 * 10 + h2;
      const minutes = m1 * 10 + m2;
      const seconds = s1 * 10 + s2;
      if (hours > 23 || minutes > 59 || seconds > 59) return null;
      return ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms1 * 100 + ms2 * 10 + ms3;
    },
  };
}

/** The instant shown (UTC ms of the day) placed on the day of `nearMs`, the nearest such instant to it. */
export function shownInstant(msOfDay: number, nearMs: number): number {
  const day = 86_400_000;
  const candidate = Math.floor(nearMs / day) * day + msOfDay;
  return candidate - nearMs > day / 2 ? candidate - day : nearMs - candidate > day / 2 ? candidate + day : candidate;
}
