// The process's limit on open file descriptors (RLIMIT_NOFILE). Node raises the soft limit to the hard limit at
// start, so the soft value read here is what the service manager granted (systemd LimitNOFILE, ulimit -Hn).
import { readFileSync } from 'node:fs';

export interface OpenFileLimit {
  readonly soft: number;
  readonly hard: number;
}

/** From /proc/self/limits; undefined where there is none (not Linux) or it says "unlimited". */
export function readOpenFileLimit(limitsText: string | undefined = readProcLimits()): OpenFileLimit | undefined {
  const line = limitsText?.split('\n').find((candidate) => candidate.startsWith('Max open files'));
  const match = line === undefined ? null : /^Max open files\s+(\d+)\s+(\d+)/.exec(line);
  if (match === null) return undefined;
  return { soft: Number(match[1]), hard: Number(match[2]) };
}

function readProcLimits(): string | undefined {
  try {
    return readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Descriptors client connections may hold: the soft limit less what the process keeps for itself — a fixed part
 * (Node, database, logs, ffmpeg pipes, the web console's files) and a few per camera stream (its RTSP socket, a UDP
 * pair, the recording file being written and the one being opened next).
 */
export function clientDescriptorBudget(limit: OpenFileLimit | undefined, reserve: { readonly base: number; readonly perStream: number; readonly streams: number }): number {
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  return Math.max(0, limit.soft - reserve.base - reserve.perStream * reserve.streams);
}
