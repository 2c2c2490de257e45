// Running video streams (WebSocket live and playback, RTSP restream) are authorised when they start and then
// re-checked here every couple of seconds, and at once after a logout, an account change or a token revocation
// in this process: a stream whose subject lost the right (session ended or expired, account disabled, habilitation
// expired, role or commune changed, token revoked) is ended with the reason, and the ending is journaled.
// HTTP requests (HLS playlists and segments, snapshots) need nothing more: each is authorised on its own.
import type { Logger } from '../core/logger.js';
import type { Journal } from '../journal/index.js';
import type { Action } from './actions.js';
import { actorDetails, journalActor, type Actor } from './actor.js';
import type { Decision, PolicyResource } from './policy.js';

export interface WatchedStream {
  readonly actor: Actor;
  readonly action: Action;
  /** Absent for a socket that carries no camera (the wall's state channel): checked against its action alone. */
  readonly cameraId?: string;
  /** Recorded pictures: the footage the stream was opened on. */
  readonly timeRange?: PolicyResource['timeRange'];
  /** How the stream is carried, for the journal ('websocket', 'rtsp'). */
  readonly via: string;
  readonly ip?: string;
  /** False for a channel that carries no pictures (the alerts queue): it does not keep its login session alive. */
  readonly keepsSessionAlive?: boolean;
  /** Ends the stream; `reason` is shown to the viewer where the protocol allows it. */
  end(reason: string): void;
}

export interface StreamWatchDeps {
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
  /** Why the actor's credentials no longer hold (ended session, revoked token…), or undefined while they do. */
  credentialsProblem(actor: Actor): Promise<string | undefined>;
  /** A decider for one re-check: the policy's decision for a stream now, with the camera's current commune. */
  sweepDecider(): (actor: Actor, action: Action, cameraId: string | undefined, timeRange: PolicyResource['timeRange']) => Promise<Decision>;
  /** Streams keep their login session alive: watching is using it (idle expiry is for abandoned consoles). */
  touchSessions(sessionIds: readonly string[]): Promise<void>;
}

/** Re-check period: a stream outlives a revocation made elsewhere (CLI, another server) by at most this much. */
export const STREAM_RECHECK_MS = 2000;

export class StreamWatch {
  readonly #deps: StreamWatchDeps;
  readonly #streams = new Set<WatchedStream>();
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;
  #again = false;

  constructor(deps: StreamWatchDeps) {
    this.#deps = deps;
  }

  /** Watches a running stream until the returned function is called (the stream ended by itself). */
  watch(stream: WatchedStream): () => void {
    this.#streams.add(stream);
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => void this.sweep(), STREAM_RECHECK_MS);
      this.#timer.unref();
    }
    return () => {
      this.#streams.delete(stream);
      if (this.#streams.size === 0 && this.#timer !== undefined) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    };
  }

  get size(): number {
    return this.#streams.size;
  }

  /** Re-checks every stream now; a sweep asked for while one runs runs again right after it. */
  sweep(): Promise<void> {
    if (this.#sweeping !== undefined) {
      this.#again = true;
      return this.#sweeping;
    }
    this.#sweeping = this.#sweepAll().finally(() => {
      this.#sweeping = undefined;
      if (this.#again) {
        this.#again = false;
        void this.sweep();
      }
    });
    return this.#sweeping;
  }

  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#streams.clear();
  }

  async #sweepAll(): Promise<void> {
    // One credentials check per actor, however many tiles it watches.
    const credentials = new Map<string, Promise<string | undefined>>();
    const keyOf = (actor: Actor): string => `${actor.kind}:${actor.id}:${actor.sessionId ?? ''}:${actor.token?.id ?? ''}`;
    const live = new Set<string>();
    const decide = this.#deps.sweepDecider();
    for (const stream of [...this.#streams]) {
      try {
        const key = keyOf(stream.actor);
        if (!credentials.has(key)) credentials.set(key, this.#deps.credentialsProblem(stream.actor));
        // The policy first: a disabled account also loses its sessions, and the journal should say the former.
        const problem = (await refusal(decide, stream)) ?? (await credentials.get(key));
        if (problem === undefined) {
          if (stream.actor.sessionId !== undefined && stream.keepsSessionAlive !== false) live.add(stream.actor.sessionId);
          continue;
        }
        await this.#end(stream, problem);
      } catch (error) {
        this.#deps.logger.error({ err: error, camera: stream.cameraId }, 'could not re-check a running stream');
      }
    }
    if (live.size > 0) await this.#deps.touchSessions([...live]).catch((error: unknown) => this.#deps.logger.warn({ err: error }, 'could not keep streaming sessions alive'));
  }

  async #end(stream: WatchedStream, reason: string): Promise<void> {
    if (!this.#streams.delete(stream)) return;
    try {
      stream.end(reason);
    } finally {
      await this.#deps.journal.append({
        actor: journalActor(stream.actor),
        action: stream.action,
        outcome: 'denied',
        ...(stream.ip === undefined ? {} : { ip: stream.ip }),
        target: stream.cameraId === undefined ? { type: 'stream' } : { type: 'camera', id: stream.cameraId, cameraId: stream.cameraId },
        details: { phase: 'revoked', via: stream.via, reason, ...actorDetails(stream.actor) },
      });
    }
  }
}

async function refusal(decide: ReturnType<StreamWatchDeps['sweepDecider']>, stream: WatchedStream): Promise<string | undefined> {
  const decision = await decide(stream.actor, stream.action, stream.cameraId, stream.timeRange);
  return decision.allowed ? undefined : decision.reason;
}
