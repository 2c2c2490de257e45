// What the test's Chromium costs: resident memory and CPU time of its whole process tree (read from /proc), and
// each page's live JavaScript heap after a forced garbage collection (Chrome DevTools Protocol).
import { readFileSync, readdirSync } from 'node:fs';
import type { Page } from 'playwright-core';

interface ProcessInfo {
  readonly name: string;
  readonly parent: number;
  /** Resident set, bytes. */
  readonly rss: number;
  /** User + system CPU time, clock ticks. */
  readonly cpuTicks: number;
}

/** Chromium's processes (browser, renderers, GPU, utility): those descended from this one whose name says so. */
function chromiumProcesses(): ProcessInfo[] {
  const all = new Map<number, ProcessInfo>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid … ; comm may hold spaces, so split after its closing parenthesis.
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      all.set(Number(entry), { name: stat.slice(stat.indexOf('(') + 1, close), parent: Number(fields[1]), rss: Number(fields[21]) * 4096, cpuTicks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while being read.
    }
  }
  const descends = (pid: number): boolean => {
    for (let at = all.get(pid)?.parent; at !== undefined && at > 1; at = all.get(at)?.parent) if (at === process.pid) return true;
    return false;
  };
  return [...all].filter(([pid, info]) => /chrom/i.test(info.name) && descends(pid)).map(([, info]) => info);
}

/** Resident bytes of Chromium's whole process tree. */
export function chromiumResidentBytes(): number {
  return chromiumProcesses().reduce((total, p) => total + p.rss, 0);
}

/** CPU seconds used so far by Chromium's live processes (100 ticks per second on Linux). */
export function chromiumCpuSeconds(): number {
  return chromiumProcesses().reduce((total, p) => total + p.cpuTicks, 0) / 100;
}

/** The page's JavaScript heap in use after a full garbage collection, in bytes. */
export async function collectedHeapBytes(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.collectGarbage');
    await session.send('Performance.enable');
    const { metrics } = await session.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
  } finally {
    await session.detach();
  }
}
