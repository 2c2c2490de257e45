// CPU time and resident memory of processes, read from /proc (Linux): what `ps` shows, without sampling noise.
import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat on Linux. */
const TICKS_PER_SECOND = 100;

/** utime and stime of a process, in seconds; 0 once it is gone. */
export function cpuTimes(pid: number): { readonly user: number; readonly system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND };
  } catch {
    return { user: 0, system: 0 };
  }
}

function sumTimes(pids: readonly number[]): { user: number; system: number } {
  return pids.map(cpuTimes).reduce((a, b) => ({ user: a.user + b.user, system: a.system + b.system }), { user: 0, system: 0 });
}

export function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export interface WindowMeasure {
  /** CPU used over the window, as a fraction of one core, summed over the processes. */
  readonly cpuCores: number;
  /** The kernel's part of it (stime): receiving and writing the bytes. */
  readonly systemShare: number;
  /** Per sample, the RSS of each process. */
  readonly rssSamples: readonly (readonly number[])[];
}

/** Measures `pids` over `windowMs`, sampling RSS every second. */
export async function measureWindow(pids: readonly number[], windowMs: number): Promise<WindowMeasure> {
  const cpuStart = sumTimes(pids);
  const started = performance.now();
  const rssSamples: number[][] = [];
  while (performance.now() - started < windowMs) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, windowMs - (performance.now() - started))));
    rssSamples.push(pids.map(rssBytes));
  }
  const elapsedS = (performance.now() - started) / 1000;
  const cpuEnd = sumTimes(pids);
  const user = cpuEnd.user - cpuStart.user;
  const system = cpuEnd.system - cpuStart.system;
  return { cpuCores: (user + system) / elapsedS, systemShare: user + system === 0 ? 0 : system / (user + system), rssSamples };
}
