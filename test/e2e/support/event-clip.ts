// A camera clip with known event instants, for the alert loop measured on a real detection: a few seconds of an
// empty (black) picture, then real footage of people walking (TUD-Campus, ../shared/data), looped by the
// simulator. Each cut from black to the footage is the instant people appear in the picture; an observer that
// decodes the camera's stream as it is sent (its own low-delay ffmpeg, tiny grey pictures, every frame) notes
// when each cut arrives. The observer's own decode delay (a few ms) makes the measured latencies slightly short,
// never long.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PEOPLE_CLIP = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'pedestrians', 'TUD-Campus.mp4');
/** Seconds of empty picture before the people in each loop: longer than analytics' merge gap (3 s). */
export const BLANK_S = 4;

/** Writes the clip (4 s black, then the 2.8 s of TUD-Campus, 640×480, 25 fps) into `dir`; returns its path. */
export function makeEventClip(dir: string): string {
  const out = join(dir, 'event-clip.mp4');
  if (!existsSync(PEOPLE_CLIP)) throw new Error(`no clip at ${PEOPLE_CLIP}`);
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `color=c=black:s=640x480:r=25:d=${BLANK_S}`],
    ...['-i', PEOPLE_CLIP],
    ...['-filter_complex', '[1:v]scale=640:480,fps=25,setsar=1[p];[0:v]setsar=1[b];[b][p]concat=n=2:v=1:a=0[v]', '-map', '[v]'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-threads', '1', out],
  ]);
  return out;
}

export interface AppearanceWatch {
  /** Wall-clock instants (ms) at which the picture turned from empty to footage. */
  readonly appearances: number[];
  /** The observer's own process (it logs in to the camera: its command line is the test's, not Vigie's). */
  readonly pid: number | undefined;
  close(): void;
}

/** Decodes `rtspUrl` (every frame, 16×12 grey) and notes each instant the picture turns from black to footage. */
export function watchAppearances(rtspUrl: string): AppearanceWatch {
  const width = 16;
  const height = 12;
  const frameBytes = width * height;
  const child = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-fflags', 'nobuffer', '-flags', 'low_delay', '-threads', '1', '-rtsp_transport', 'tcp', '-i', rtspUrl],
      ...['-an', '-vf', `scale=${width}:${height}`, '-fps_mode', 'passthrough', '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1'],
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const appearances: number[] = [];
  let pending = Buffer.alloc(0);
  let dark: boolean | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    const at = Date.now();
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= frameBytes) {
      let sum = 0;
      for (let i = 0; i < frameBytes; i += 1) sum += pending[i] as number;
      pending = pending.subarray(frameBytes);
      const mean = sum / frameBytes;
      if (mean < 28) dark = true;
      else if (mean > 50) {
        if (dark === true) appearances.push(at);
        dark = false;
      }
    }
  });
  return { appearances, pid: child.pid, close: () => child.kill('SIGKILL') };
}

/** Command lines of this process's descendants (from /proc), to check that no secret shows in `ps`. */
export function descendantCommandLines(): { pid: number; line: string }[] {
  const parents = new Map<number, number>();
  const lines = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(name), ppid);
      lines.set(Number(name), readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' '));
    } catch {
      // gone meanwhile
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  return [...lines].filter(([pid]) => mine(pid)).map(([pid, line]) => ({ pid, line }));
}
