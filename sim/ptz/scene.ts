// The large picture a PTZ camera looks at: rendered once with ffmpeg (a test pattern under a labelled grid,
// so that every viewport is recognisable) and kept as raw yuv420p in the cache.
import { existsSync, renameSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runToCompletion } from '../ffmpeg-process.js';

export interface Scene {
  readonly width: number;
  readonly height: number;
  /** yuv420p planes: Y (width×height), then U and V (width/2×height/2 each). */
  readonly yuv: Uint8Array;
}

export const SCENE_WIDTH = 2560;
export const SCENE_HEIGHT = 1440;
/**
 * A lit "window" in the scene (scene pixels): the region a privacy-mask test must find covered in every picture,
 * whatever the head's pose. Pale yellow, solid, so any leaked pixel is bright.
 */
export const PTZ_WINDOW = { x: 1440, y: 560, width: 240, height: 200 } as const;
const COLUMNS = 8;
const ROWS = 6;
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

function sceneFilter(): string {
  const cellW = SCENE_WIDTH / COLUMNS;
  const cellH = SCENE_HEIGHT / ROWS;
  const labels: string[] = [];
  for (let row = 0; row < ROWS; row += 1) {
    for (let column = 0; column < COLUMNS; column += 1) {
      const label = `${String.fromCharCode(65 + row)}${column + 1}`;
      labels.push(`drawtext=fontfile=${FONT}:text=${label}:x=${column * cellW + 24}:y=${row * cellH + 20}:fontsize=72:fontcolor=white:box=1:boxcolor=black@0.7:boxborderw=8`);
    }
  }
  const window = `drawbox=x=${PTZ_WINDOW.x}:y=${PTZ_WINDOW.y}:w=${PTZ_WINDOW.width}:h=${PTZ_WINDOW.height}:color=0xF0E68C:t=fill`;
  return [`testsrc2=size=${SCENE_WIDTH}x${SCENE_HEIGHT}:rate=1`, `drawgrid=w=${cellW}:h=${cellH}:t=6:c=white@0.9`, ...labels, window].join(',');
}

export async function loadScene(cacheDir: string): Promise<Scene> {
  const path = join(cacheDir, `ptz-scene-${SCENE_WIDTH}x${SCENE_HEIGHT}-v2.yuv`);
  if (!existsSync(path)) {
    const tmp = `${path}.${process.pid}.tmp`;
    await runToCompletion('ffmpeg', ['-hide_banner', '-nostdin', '-y', '-f', 'lavfi', '-i', sceneFilter(), '-frames:v', '1', '-pix_fmt', 'yuv420p', '-f', 'rawvideo', tmp]);
    renameSync(tmp, path);
  }
  return { width: SCENE_WIDTH, height: SCENE_HEIGHT, yuv: new Uint8Array(await readFile(path)) };
}
