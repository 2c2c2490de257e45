// The masks capability assembled: the mask store, the session opener the ingest uses (masked cameras through
// their pipeline), and fail-closed reporting: a pipeline failure marks the camera's mask health failed, is
// journaled and logged, and the camera records and serves nothing until its pipeline runs again.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { VigieError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { OpenSession } from '../ingest/index.js';
import type { Journal } from '../journal/index.js';
import type { StreamSource } from '../media/hub/index.js';
import { Calibrator, type CalibrationPtz } from './calibrator.js';
import { CameraMaskPush, type MaskPushDevice } from './camera-push.js';
import { detectMaskEncoder, type MaskEncoder } from './encoder.js';
import { maskedSessions, type MaskedSessions } from './masked-sessions.js';
import type { PtzPositionFeed } from './position.js';
import { MaskService } from './service.js';
import type { Database } from '../db/database.js';

export interface MaskHealth {
  readonly cameraId: string;
  readonly stream: string;
  readonly state: 'running' | 'failed';
  readonly sinceMs: number;
  readonly error: string | undefined;
}

export interface MasksDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
  readonly cameraExists: (cameraId: string) => Promise<boolean>;
  /** The camera's own sessions (RTSP). */
  readonly inner: OpenSession;
  readonly positions?: PtzPositionFeed | undefined;
  readonly encoder?: MaskEncoder;
  /** For the editor's still and the guided calibration: the hub (pictures as published) and the PTZ service. */
  readonly pictures?: StreamSource;
  readonly ptz?: CalibrationPtz;
  /** A camera's ONVIF device, for masks pushed to the camera (needs `pictures`: what Vigie serves is checked). */
  readonly pushDevice?: (cameraId: string) => Promise<MaskPushDevice | undefined>;
  /** Between two checks of a camera applying its masks itself; default 60 s. */
  readonly pushCheckEveryMs?: number;
}

export interface Masks {
  readonly service: MaskService;
  readonly sessions: MaskedSessions;
  readonly encoder: MaskEncoder;
  /** The guided PTZ calibration (when pictures and ptz were given). */
  readonly calibrator: Calibrator | undefined;
  /** Masks pushed to cameras and checked (when pushDevice and pictures were given). */
  readonly push: CameraMaskPush | undefined;
  health(): readonly MaskHealth[];
  /** Called with each failure (an alerts capability may raise an alert from it). */
  onFailure(listener: (health: MaskHealth) => void): () => void;
  close(): void;
}

export function createMasks(deps: MasksDeps): Masks {
  const service = new MaskService({ db: deps.db, clock: deps.clock, cameraExists: deps.cameraExists });
  const encoder = deps.encoder ?? detectMaskEncoder();
  const health = new Map<string, MaskHealth>();
  const listeners = new Set<(health: MaskHealth) => void>();
  const logger = deps.logger;
  logger.info({ encoder: encoder.name }, 'mask encoder chosen');
  const failed = (cameraId: string, stream: string, error: VigieError): void => {
    const key = `${cameraId}/${stream}`;
    const previous = health.get(key);
    const entry: MaskHealth = { cameraId, stream, state: 'failed', sinceMs: deps.clock.now(), error: error.message };
    health.set(key, entry);
    // One journal entry and one error line per failure spell, not one per retry.
    if (previous?.state === 'failed') return;
    logger.error({ camera: cameraId, stream, err: error }, 'mask pipeline failed: the camera records and serves nothing');
    void deps.journal
      .append({
        actor: null,
        action: 'mask.pipeline-failed',
        outcome: 'allowed',
        target: { type: 'camera', id: cameraId },
        details: { stream, error: error.message, effect: 'nothing recorded or served until the pipeline runs again' },
      })
      .catch((journalError: unknown) => logger.error({ err: journalError }, 'could not journal a mask pipeline failure'));
    for (const listener of listeners) listener(entry);
  };
  let push: CameraMaskPush | undefined;
  const sessions = maskedSessions({
    appliedByCamera: (cameraId) => push?.appliedByCamera(cameraId) === true,
    inner: deps.inner,
    masks: service,
    encoder,
    positions: deps.positions,
    onFailure: failed,
    onRunning: (cameraId, stream) => {
      const key = `${cameraId}/${stream}`;
      if (health.get(key)?.state === 'failed') logger.info({ camera: cameraId, stream }, 'mask pipeline running again');
      health.set(key, { cameraId, stream, state: 'running', sinceMs: deps.clock.now(), error: undefined });
    },
  });
  // A camera that gains or loses its masks reconnects in the other mode at once.
  const unsubscribe = service.onChange((change) => {
    if ((change.before === undefined) !== (change.after === undefined) || change.before?.space !== change.after?.space) sessions.cut(change.cameraId);
    if (change.after === undefined) for (const key of [...health.keys()]) if (key.startsWith(`${change.cameraId}/`)) health.delete(key);
  });
  const calibrator =
    deps.pictures !== undefined && deps.ptz !== undefined ? new Calibrator({ service, pictures: deps.pictures, ptz: deps.ptz, clock: deps.clock, journal: deps.journal, logger }) : undefined;
  if (deps.pushDevice !== undefined && deps.pictures !== undefined) {
    const created = new CameraMaskPush({
      db: deps.db,
      clock: deps.clock,
      journal: deps.journal,
      logger,
      service,
      device: deps.pushDevice,
      cameraPictures: sessions.cameraPictures,
      served: deps.pictures,
      cut: (cameraId) => sessions.cut(cameraId),
      ...(deps.pushCheckEveryMs === undefined ? {} : { checkEveryMs: deps.pushCheckEveryMs }),
    });
    push = created;
    created.onFailure((status) => {
      for (const listener of listeners) listener({ cameraId: status.cameraId, stream: 'main', state: 'failed', sinceMs: deps.clock.now(), error: status.failure ?? 'pushed masks do not hold' });
    });
    void created.start().catch((error: unknown) => logger.error({ err: error }, 'could not read the cameras applying their masks themselves'));
  }
  return {
    service,
    sessions,
    encoder,
    calibrator,
    push,
    health: () => [...health.values()],
    onFailure(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      push?.close();
      unsubscribe();
      sessions.close();
    },
  };
}
