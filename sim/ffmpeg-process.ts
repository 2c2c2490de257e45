// Child ffmpeg/ffprobe processes for the simulator: run-to-completion with captured stderr, and long-running
// encoders whose stdout is read by the caller. Every child is killed when its owner closes.
import { spawn, type ChildProcess } from 'node:child_process';
import { VigieError } from '../src/core/errors.js';

const STDERR_TAIL_CHARS = 4000;

/** Runs a command to completion; resolves with stdout, rejects with a VigieError carrying the stderr tail. */
export function runToCompletion(command: string, args: readonly string[], input?: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    child.on('error', (error) => reject(new VigieError('VIGIE_SIM_FFMPEG', `cannot run ${command}: ${error.message}`, { cause: error })));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new VigieError('VIGIE_SIM_FFMPEG', `${command} exited with ${String(code)}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`, { context: { args } }));
    });
    if (input !== undefined && child.stdin !== null) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  });
}

/** A long-running encoder: stdin optionally fed by the caller, stdout delivered chunk by chunk. */
export class EncoderProcess {
  readonly #child: ChildProcess;
  #closed = false;

  constructor(args: readonly string[], onData: (chunk: Buffer) => void, onExit: (reason: string) => void, stdinPipe = false) {
    this.#child = spawn('ffmpeg', args, { stdio: [stdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    this.#child.stdout?.on('data', onData);
    this.#child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    this.#child.stdin?.on('error', () => undefined);
    this.#child.on('error', (error) => onExit(`cannot run ffmpeg: ${error.message}`));
    this.#child.on('close', (code, signal) => {
      if (!this.#closed) onExit(`ffmpeg exited (${String(code ?? signal)}): ${stderr.trim().split('\n').slice(-2).join(' | ')}`);
    });
  }

  /** Writes raw input; false when the pipe is full (the caller drops the frame rather than queueing). */
  write(data: Uint8Array): boolean {
    const stdin = this.#child.stdin;
    if (stdin === null || stdin.writableNeedDrain || this.#closed) return false;
    return stdin.write(data);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#child.stdin?.destroy();
    this.#child.kill('SIGKILL');
  }
}
