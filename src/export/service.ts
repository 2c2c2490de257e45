// Exports as a service: a row per export, the package built under `<dataDir>/exports/<id>` (never purged with
// footage), the source range held while the package is built, every step journaled. Building runs beside
// recording (async file I/O only; the recorder never waits for it).
import { readFile } from 'node:fs/promises';
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
import type { ExportManifest, PackageBookmark } from './manifest.js';
import { buildClipsPackage, type ClipRequest } from './clips-package.js';
import { buildPackage, type ExportCamera } from './package.js';
import { verifyPackage, type VerifyResult } from './verify.js';
import type { SigningKey } from './signing-key.js';

export interface ExportRequest {
  readonly cameraId: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly reason: string;
  readonly reference: string;
  readonly caption: boolean;
  /** Bookmarks of this camera and range, written into the signed manifest with their notes. */
  readonly bookmarks?: readonly PackageBookmark[];
}

/** Several short clips in one signed package (a trajectory followed from camera to camera). */
export interface ClipsExportRequest {
  readonly title: string;
  readonly clips: readonly { readonly cameraId: string; readonly fromMs: number; readonly toMs: number; readonly label: string }[];
  readonly reason: string;
  readonly reference: string;
  readonly attachments: readonly { readonly name: string; readonly content: string }[];
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
    const requester = actor?.username ?? 'cli';
    return this.#start(
      { cameraIds: [request.cameraId], fromMs: request.fromMs, toMs: request.toMs, reason: request.reason, reference: request.reference, caption: request.caption },
      requester,
      actor,
      (id, directory) =>
        buildPackage(
          directory,
          {
            exportId: id,
            camera,
            fromMs: request.fromMs,
            toMs: request.toMs,
            requester,
            reason: request.reason,
            reference: request.reference,
            caption: request.caption,
            ...(request.bookmarks === undefined ? {} : { bookmarks: request.bookmarks }),
          },
          this.#d.store,
          this.#d.key,
          this.#d.version,
        ),
    );
  }

  /**
   * Starts a package of several clips (one row in the exports register, under the first clip's camera, spanning
   * all clips); every clip's footage is checked first and held while the package is built.
   */
  async createClips(request: ClipsExportRequest, actor: JournalEntryInput['actor']): Promise<{ view: ExportView; done: Promise<void> }> {
    if (request.clips.length === 0) throw new VigieError('VIGIE_EXPORT_RANGE', 'a clips package needs at least one clip', { status: 400 });
    const clips: ClipRequest[] = [];
    for (const clip of request.clips) {
      if (!(clip.toMs > clip.fromMs)) throw new VigieError('VIGIE_EXPORT_RANGE', 'each clip must end after it starts', { status: 400 });
      const camera = await this.#d.camera(clip.cameraId);
      if (camera === undefined) throw new VigieError('VIGIE_CAMERA_NOT_FOUND', `no camera ${clip.cameraId}`, { status: 404 });
      if ((await this.#d.store.overlapping(clip.cameraId, 'main', clip.fromMs, clip.toMs)).length === 0) {
        throw new VigieError('VIGIE_NO_FOOTAGE', `no recorded footage for camera ${clip.cameraId} in the range of clip ${clips.length + 1}`, { status: 404 });
      }
      clips.push({ camera, fromMs: clip.fromMs, toMs: clip.toMs, label: clip.label });
    }
    const requester = actor?.username ?? 'cli';
    const fromMs = Math.min(...clips.map((c) => c.fromMs));
    const toMs = Math.max(...clips.map((c) => c.toMs));
    const cameraIds = [...new Set(clips.map((c) => c.camera.id))];
    return this.#start({ cameraIds, fromMs, toMs, reason: request.reason, reference: request.reference, caption: false }, requester, actor, (id, directory) =>
      buildClipsPackage(
        directory,
        { exportId: id, title: request.title, clips, requester, reason: request.reason, reference: request.reference, attachments: request.attachments },
        this.#d.store,
        this.#d.key,
        this.#d.version,
      ),
    );
  }

  /** The exports row, the hold over the source footage while building, the build, its journal entry. */
  async #start(
    what: { cameraIds: readonly string[]; fromMs: number; toMs: number; reason: string; reference: string; caption: boolean },
    requester: string,
    actor: JournalEntryInput['actor'],
    build: (id: string, directory: string) => Promise<{ manifest: { files: readonly { sha256: string }[] }; bytes: number }>,
  ): Promise<{ view: ExportView; done: Promise<void> }> {
    const id = newId();
    const directory = this.directory(id);
    await this.#d.db
      .insertInto('exports')
      .values({
        id,
        camera_id: what.cameraIds[0] as string,
        from_ms: what.fromMs,
        to_ms: what.toMs,
        requested_by: requester,
        reason: what.reason,
        reference: what.reference,
        caption: what.caption ? 1 : 0,
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
        // Read by people in the holds register and the console: French, like every reason they see.
        reason: `export en cours : ${what.reference}`,
        kind: 'export',
        cameraIds: [...what.cameraIds],
        fromMs: what.fromMs - 60_000,
        toMs: what.toMs,
        expiresAt: this.#d.clock.now() + 24 * 3_600_000,
      },
      actor,
      requester,
    );
    const done = this.#build(id, what, actor, () => build(id, directory)).finally(() =>
      this.#d.holds.release(hold.id, actor, requester).then(
        () => undefined,
        () => undefined,
      ),
    );
    this.#running.add(done);
    void done.finally(() => this.#running.delete(done));
    return { view: await this.get(id), done };
  }

  async #build(
    id: string,
    what: { cameraIds: readonly string[]; fromMs: number; toMs: number; reference: string },
    actor: JournalEntryInput['actor'],
    build: () => Promise<{ manifest: { files: readonly { sha256: string }[] }; bytes: number }>,
  ): Promise<void> {
    const target = { type: 'export', id, cameraId: what.cameraIds[0] as string };
    try {
      const result = await build();
      await this.#d.db.updateTable('exports').set({ status: 'done', bytes: result.bytes, finished_at: this.#d.clock.now() }).where('id', '=', id).execute();
      await this.#d.journal?.append({
        actor,
        action: 'export.completed',
        outcome: 'allowed',
        target,
        details: {
          fromMs: what.fromMs,
          toMs: what.toMs,
          reference: what.reference,
          bytes: result.bytes,
          videoSha256: result.manifest.files[0]?.sha256,
          ...(what.cameraIds.length > 1 ? { cameraIds: what.cameraIds } : {}),
        },
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

  /** A finished package checked as `vigie export verify` does, against this installation's key, with its manifest. */
  async verify(id: string): Promise<VerifyResult & { readonly manifest: ExportManifest | null }> {
    const view = await this.get(id);
    if (view.status !== 'done') throw new VigieError('VIGIE_EXPORT_FILE_NOT_FOUND', 'this export is not finished', { status: 404 });
    const result = await verifyPackage(view.directory, this.#d.key.publicKeyPem);
    const manifest = await readFile(join(view.directory, 'manifest.json'), 'utf8').then(
      (text) => JSON.parse(text) as ExportManifest,
      () => null,
    );
    return { ...result, manifest };
  }

  async list(): Promise<ExportView[]> {
    return this.#d.db.selectFrom('exports').selectAll().orderBy('created_at', 'desc').limit(200).execute();
  }

  async close(): Promise<void> {
    await Promise.all([...this.#running]);
  }
}
