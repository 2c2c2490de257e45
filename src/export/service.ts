// Exports as a service: a row per export, the package built under `<dataDir>/exports/<id>` (never purged with
// footage), the source range held while the package is built, every step journaled. Building runs beside
// recording (async file I/O only; the recorder never waits for it).
import { join } from 'node:path';
import type { Kysely, Selectable } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { Journal, JournalEntryInput } from '../journal/index.js';
import type { ExportTable } from './tables.js';
import type { SegmentStore } from '../recording/index.js';
import type { HoldStore } from '../retention/index.js';
import { buildPackage, type ExportCamera } from './package.js';
import type { SigningKey } from './signing-key.js';

export interface ExportRequest {
  readonly cameraId: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly reason: string;
  readonly reference: string;
  readonly caption: boolean;
}

export type ExportView = Selectable<ExportTable>;

export interface ExportServiceDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: SegmentStore;
  readonly holds: HoldStore;
  readonly journal: Journal | undefined;
  readonly key: SigningKey;
  readonly dataDir: string;
  readonly version: string;
  readonly camera: (id: string) => Promise<ExportCamera | undefined>;
}

const MAX_EXPORT_MS = 24 * 60 * 60 * 1000;

export class ExportService {
  readonly #d: ExportServiceDeps;
  readonly #running = new Set<Promise<void>>();

  constructor(deps: ExportServiceDeps) {
    this.#d = deps;
  }

  directory(id: string): string {
    return join(this.#d.dataDir, 'exports', id);
  }

  /** Starts an export; returns at once with its row (status 'running'). `done` resolves when it is finished. */
  async create(request: ExportRequest, actor: JournalEntryInput['actor']): Promise<{ view: ExportView; done: Promise<void> }> {
    if (!(request.toMs > request.fromMs)) throw new VigieError('VIGIE_EXPORT_RANGE', 'the export range must end after it starts', { status: 400 });
    if (request.toMs - request.fromMs > MAX_EXPORT_MS) throw new VigieError('VIGIE_EXPORT_RANGE', 'an export covers at most 24 hours; make several', { status: 400 });
    const camera = await this.#d.camera(request.cameraId);
    if (camera === undefined) throw new VigieError('VIGIE_CAMERA_NOT_FOUND', `no camera ${request.cameraId}`, { status: 404 });
    const rows = await this.#d.store.overlapping(request.cameraId, 'main', request.fromMs, request.toMs);
    if (rows.length === 0) throw new VigieError('VIGIE_NO_FOOTAGE', 'no recorded footage for this camera in this range', { status: 404 });
    const id = newId();
    const requester = actor?.username ?? 'cli';
    const directory = this.directory(id);
    await this.#d.db
      .insertInto('exports')
      .values({
        id,
        camera_id: request.cameraId,
        from_ms: request.fromMs,
        to_ms: request.toMs,
        requested_by: requester,
        reason: request.reason,
        reference: request.reference,
        caption: request.caption ? 1 : 0,
        status: 'running',
        directory,
        bytes: null,
        error: null,
        created_at: this.#d.clock.now(),
        finished_at: null,
      })
      .execute();
    const hold = await this.#d.holds.create(
      {
        reference: `export ${id}`,
        reason: `export in progress: ${request.reference}`,
        kind: 'export',
        cameraIds: [request.cameraId],
        fromMs: request.fromMs - 60_000,
        toMs: request.toMs,
        expiresAt: this.#d.clock.now() + 24 * 3_600_000,
      },
      actor,
      requester,
    );
    const done = this.#build(id, directory, camera, request, requester, actor).finally(() =>
      this.#d.holds.release(hold.id, actor, requester).then(
        () => undefined,
        () => undefined,
      ),
    );
    this.#running.add(done);
    void done.finally(() => this.#running.delete(done));
    return { view: await this.get(id), done };
  }

  async #build(id: string, directory: string, camera: ExportCamera, request: ExportRequest, requester: string, actor: JournalEntryInput['actor']): Promise<void> {
    const target = { type: 'export', id, cameraId: request.cameraId };
    try {
      const result = await buildPackage(
        directory,
        { exportId: id, camera, fromMs: request.fromMs, toMs: request.toMs, requester, reason: request.reason, reference: request.reference, caption: request.caption },
        this.#d.store,
        this.#d.key,
        this.#d.version,
      );
      await this.#d.db.updateTable('exports').set({ status: 'done', bytes: result.bytes, finished_at: this.#d.clock.now() }).where('id', '=', id).execute();
      await this.#d.journal?.append({
        actor,
        action: 'export.completed',
        outcome: 'allowed',
        target,
        details: { fromMs: request.fromMs, toMs: request.toMs, reference: request.reference, bytes: result.bytes, videoSha256: result.manifest.files[0]?.sha256 },
      });
    } catch (error) {
      this.#d.logger.error({ err: error, exportId: id }, 'export failed');
      await this.#d.db
        .updateTable('exports')
        .set({ status: 'failed', error: (error as Error).message, finished_at: this.#d.clock.now() })
        .where('id', '=', id)
        .execute();
      await this.#d.journal?.append({ actor, action: 'export.failed', outcome: 'failed', target, details: { error: (error as Error).message } });
    }
  }

  async get(id: string): Promise<ExportView> {
    const row = await this.#d.db.selectFrom('exports').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new VigieError('VIGIE_EXPORT_NOT_FOUND', `no export ${id}`, { status: 404 });
    return row;
  }

  async list(): Promise<ExportView[]> {
    return this.#d.db.selectFrom('exports').selectAll().orderBy('created_at', 'desc').limit(200).execute();
  }

  async close(): Promise<void> {
    await Promise.all([...this.#running]);
  }
}
