// Reports generated on schedule, kept as files in <data>/reports: "mensuel-YYYY-MM-<INSEE>.pdf|csv" for a
// commune's month and "annuel-YYYY.pdf|csv" for the centre's year. A name is checked against those two shapes
// before it touches the disk, so no path can be smuggled in.
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const NAME = /^(?:mensuel-(\d{4}-\d{2})-([0-9][0-9AB][0-9]{3})|annuel-(\d{4}))\.(pdf|csv)$/;

export interface ArchivedReport {
  readonly name: string;
  readonly kind: 'monthly' | 'yearly';
  readonly period: string;
  /** The commune of a monthly report. */
  readonly insee: string | null;
  readonly format: 'pdf' | 'csv';
}

export function parseArchiveName(name: string): ArchivedReport | undefined {
  const match = NAME.exec(name);
  if (match === null) return undefined;
  const format = match[4] as 'pdf' | 'csv';
  if (match[3] !== undefined) return { name, kind: 'yearly', period: match[3], insee: null, format };
  return { name, kind: 'monthly', period: match[1] ?? '', insee: match[2] ?? null, format };
}

export function monthlyArchiveName(period: string, insee: string, format: 'pdf' | 'csv'): string {
  return `mensuel-${period}-${insee}.${format}`;
}

export function yearlyArchiveName(period: string, format: 'pdf' | 'csv'): string {
  return `annuel-${period}.${format}`;
}

export class ReportArchive {
  readonly #dir: string;

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'reports');
  }

  async list(): Promise<ArchivedReport[]> {
    const names = await readdir(this.#dir).catch(() => [] as string[]);
    return names
      .map(parseArchiveName)
      .filter((entry): entry is ArchivedReport => entry !== undefined)
      .sort((a, b) => b.period.localeCompare(a.period) || a.name.localeCompare(b.name));
  }

  async has(name: string): Promise<boolean> {
    return (await this.list()).some((entry) => entry.name === name);
  }

  /** The file's bytes, or undefined when the name is not a report name or no such file was written. */
  async read(name: string): Promise<Uint8Array | undefined> {
    if (parseArchiveName(name) === undefined) return undefined;
    return readFile(join(this.#dir, name)).catch(() => undefined);
  }

  /** Written whole or not at all (a temporary file renamed), so a listed report is never half a file. */
  async write(name: string, bytes: Uint8Array | string): Promise<void> {
    if (parseArchiveName(name) === undefined) throw new Error(`not a report name: ${name}`);
    await mkdir(this.#dir, { recursive: true });
    const temporary = join(this.#dir, `.${name}.tmp`);
    await writeFile(temporary, bytes);
    await rename(temporary, join(this.#dir, name));
  }
}
