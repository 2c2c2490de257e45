// Starts test/support/gst-rtsp-cams.py (GStreamer's RTSP server) for a test and stops it afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface GstCams {
  readonly port: number;
  url(path: 'h264' | 'h265', credentials?: string): string;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./gst-rtsp-cams.py', import.meta.url));

export interface GstCamsOptions {
  /** user:password: Digest authentication. */
  readonly auth?: string;
  /** MP4 files served as they are on /h264 and /h265 instead of the live test pictures. */
  readonly files?: { readonly h264?: string; readonly h265?: string };
}

export function startGstCams(options: GstCamsOptions = {}): Promise<GstCams> {
  const files = Object.entries(options.files ?? {}).flatMap(([codec, file]) => (file === undefined ? [] : [`--file-${codec}`, file]));
  const args = [SCRIPT, ...(options.auth === undefined ? [] : ['--auth', options.auth]), ...files];
  const child: ChildProcess = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stopping = false;
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`GStreamer RTSP server did not start: ${stderr}`));
    }, 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`GStreamer RTSP server exited (${code}): ${stderr}`));
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\d+)/.exec(out);
      if (match === null) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.once('exit', (code, signal) => {
        if (!stopping) process.stderr.write(`gst-rtsp-cams.py exited early (${code ?? signal}): ${stderr}\n`);
      });
      const port = Number(match[1]);
      resolve({
        port,
        url: (path, credentials) => `rtsp://${credentials === undefined ? '' : `${credentials}@`}127.0.0.1:${port}/${path}`,
        stop: () =>
          new Promise<void>((done) => {
            stopping = true;
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 3000).unref();
          }),
      });
    });
  });
}
