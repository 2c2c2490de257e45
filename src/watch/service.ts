// The live-watch requests: a mayor asks, a room lead accepts or declines, the mayor may cancel before the start,
// and a timer moves accepted requests to active at their start (putting their cameras on the chosen wall monitor)
// and ends them at their end. People's actions are journaled by their HTTP request (the routes add the request id
// and commune); what the timer does is journaled here, with no actor.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { Journal, JournalEntryInput } from '../journal/index.js';

type JournalActor = JournalEntryInput['actor'];
import { polygonContains, readPolygon, type LonLat } from './area.js';
import { MAX_WATCH_WINDOW_MS, WATCH_LIMITS, type NewWatchRequest, type WatchAcceptance, type WatchActor, type WatchFilter, type WatchRequest } from './model.js';
import { insertWatchRequest, selectDueWatchRequests, selectNextWatchDeadline, selectWatchRequest, selectWatchRequests, transitionWatchRequest } from './store.js';

/** What watch asks the territory: a camera's commune, and the cameras of a commune with their position. */
export interface WatchTerritory {
  cameraCommune(cameraId: string): Promise<string | undefined>;
  camerasOfCommune(insee: string): Promise<readonly { readonly id: string; readonly position: LonLat }[]>;
}

/** The video wall as watch uses it (main.ts adapts the wall capability to this). */
export interface WatchWall {
  monitors(): Promise<readonly { readonly id: string; readonly name: string }[]>;
  /** Puts these cameras on the monitor (one camera full screen, several as a mosaic), on behalf of `actor`. */
  show(monitorId: string, cameraIds: readonly string[], actor: JournalActor): Promise<void>;
}

export interface WatchServiceDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly territory: WatchTerritory;
  readonly logger: Logger;
  readonly wall?: WatchWall | undefined;
}

/** The timer looks again at least this often, so requests written by another server are not missed for long. */
const MAX_TIMER_MS = 30_000;
/** …and not more often than this when something keeps failing. */
const MIN_TIMER_MS = 200;

function requireText(field: 'event' | 'contact' | 'reason' | 'note', value: unknown, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '' || text.length > max) {
    throw new VigieError('VIGIE_WATCH_FIELD_INVALID', `"${field}" is required and holds at most ${max} characters`, { status: 400, context: { field, max } });
  }
  return text;
}

function optionalText(field: 'note', value: unknown, max: number): string | null {
  return value === undefined || (typeof value === 'string' && value.trim() === '') ? null : requireText(field, value, max);
}

export class WatchService {
  readonly #deps: WatchServiceDeps;
  readonly #wall: WatchWall | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #sweeping: Promise<void> = Promise.resolve();

  constructor(deps: WatchServiceDeps) {
    this.#deps = deps;
    this.#wall = deps.wall;
  }

  /** Starts the timer that activates and ends requests (and catches up with what happened while stopped). */
  start(): void {
    this.#running = true;
    this.#schedule(0);
  }

  async close(): Promise<void> {
    this.#running = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#sweeping;
  }

  async submit(input: NewWatchRequest, actor: WatchActor): Promise<WatchRequest> {
    const now = this.#deps.clock.now();
    const event = requireText('event', input.event, WATCH_LIMITS.event);
    const contact = requireText('contact', input.contact, WATCH_LIMITS.contact);
    const reason = requireText('reason', input.reason, WATCH_LIMITS.reason);
    this.#checkWindow(input.fromMs, input.toMs, now);
    const commune = input.commune ?? (actor.communes.length === 1 ? actor.communes[0] : undefined);
    if (commune === undefined || !actor.communes.includes(commune)) {
      throw new VigieError('VIGIE_WATCH_COMMUNE_REFUSED', 'a live-watch request is for one of your communes', { status: 403 });
    }
    const named = [...new Set(input.cameraIds ?? [])];
    if (named.length > WATCH_LIMITS.cameras)
      throw new VigieError('VIGIE_WATCH_FIELD_INVALID', `at most ${WATCH_LIMITS.cameras} cameras`, { status: 400, context: { field: 'cameras', max: WATCH_LIMITS.cameras } });
    for (const cameraId of named) {
      // Unknown and foreign cameras get the same answer: a mayor cannot probe other communes' camera ids.
      if ((await this.#deps.territory.cameraCommune(cameraId)) !== commune) {
        throw new VigieError('VIGIE_WATCH_CAMERA_REFUSED', 'a camera of this request is not one of your commune', { status: 403 });
      }
    }
    let area: unknown = null;
    let inArea: string[] = [];
    if (input.area !== undefined && input.area !== null) {
      const read = readPolygon(input.area);
      if (!read.ok) throw new VigieError('VIGIE_WATCH_AREA_INVALID', read.message, { status: 400 });
      area = read.polygon;
      inArea = (await this.#deps.territory.camerasOfCommune(commune)).filter((camera) => polygonContains(read.polygon, camera.position)).map((camera) => camera.id);
      if (inArea.length === 0 && named.length === 0) throw new VigieError('VIGIE_WATCH_AREA_EMPTY', 'no camera of the commune lies in this area', { status: 400 });
    }
    const cameraIds = [...new Set([...named, ...inArea])].slice(0, WATCH_LIMITS.cameras);
    if (cameraIds.length === 0) throw new VigieError('VIGIE_WATCH_PLACE_MISSING', 'name the cameras or draw the area to watch', { status: 400 });
    const id = newId();
    await insertWatchRequest(this.#deps.db, {
      id,
      commune_insee: commune,
      event,
      contact,
      reason,
      camera_ids: JSON.stringify(cameraIds),
      area: area === null ? null : JSON.stringify(area),
      from_ms: input.fromMs,
      to_ms: input.toMs,
      state: 'submitted',
      requested_by_id: actor.id,
      requested_by: actor.username,
      created_at: now,
      reviewed_by_id: null,
      reviewed_by: null,
      reviewed_by_role: null,
      reviewed_at: null,
      review_note: null,
      accepted_camera_ids: null,
      monitor_id: null,
      wall_outcome: null,
      ended_at: null,
      ended_by: null,
      end_cause: null,
      updated_at: now,
    });
    this.#schedule(0);
    return this.#require(id);
  }

  async accept(id: string, acceptance: WatchAcceptance, actor: WatchActor): Promise<WatchRequest> {
    const request = await this.#require(id);
    const now = this.#deps.clock.now();
    this.#expectState(request, ['submitted'], 'accept');
    if (request.toMs <= now) throw new VigieError('VIGIE_WATCH_STATE', 'the window of this request is over', { status: 409, context: { state: request.state } });
    const note = optionalText('note', acceptance.note, WATCH_LIMITS.note);
    const cameraIds = [...new Set(acceptance.cameraIds.length === 0 ? request.cameraIds : acceptance.cameraIds)];
    if (cameraIds.length > WATCH_LIMITS.cameras)
      throw new VigieError('VIGIE_WATCH_FIELD_INVALID', `at most ${WATCH_LIMITS.cameras} cameras`, { status: 400, context: { field: 'cameras', max: WATCH_LIMITS.cameras } });
    for (const cameraId of cameraIds) {
      if ((await this.#deps.territory.cameraCommune(cameraId)) !== request.communeInsee) {
        throw new VigieError('VIGIE_WATCH_CAMERA_NOT_IN_COMMUNE', `camera ${cameraId} is not in the request's commune`, { status: 400, context: { cameraId } });
      }
    }
    const monitorId = acceptance.monitorId === undefined || acceptance.monitorId === '' ? null : acceptance.monitorId;
    if (monitorId !== null && !(await this.#monitorExists(monitorId))) {
      throw new VigieError('VIGIE_WATCH_MONITOR_UNKNOWN', `no wall monitor ${monitorId}`, { status: 400, context: { monitorId } });
    }
    const changed = await transitionWatchRequest(this.#deps.db, id, ['submitted'], {
      state: 'accepted',
      reviewed_by_id: actor.id,
      reviewed_by: actor.username,
      reviewed_by_role: actor.role,
      reviewed_at: now,
      review_note: note,
      accepted_camera_ids: JSON.stringify(cameraIds),
      monitor_id: monitorId,
      updated_at: now,
    });
    if (!changed) this.#expectState(await this.#require(id), ['submitted'], 'accept');
    // A request accepted within its window starts at once; a later one when its start comes.
    await this.#runSweep();
    this.#schedule(0);
    return this.#require(id);
  }

  async decline(id: string, reason: string, actor: WatchActor): Promise<WatchRequest> {
    const text = requireText('reason', reason, WATCH_LIMITS.note);
    const now = this.#deps.clock.now();
    const changed = await transitionWatchRequest(this.#deps.db, id, ['submitted'], {
      state: 'declined',
      reviewed_by_id: actor.id,
      reviewed_by: actor.username,
      reviewed_by_role: actor.role,
      reviewed_at: now,
      review_note: text,
      updated_at: now,
    });
    if (!changed) this.#expectState(await this.#require(id), ['submitted'], 'decline');
    return this.#require(id);
  }

  /** The mayor withdraws his request before its start (or before it is answered). */
  async cancel(id: string, actor: WatchActor): Promise<WatchRequest> {
    const request = await this.get(id, actor.communes);
    const now = this.#deps.clock.now();
    if (request.state === 'accepted' && request.fromMs <= now)
      throw new VigieError('VIGIE_WATCH_STATE', 'this request has started; the room lead ends it', { status: 409, context: { state: 'active' } });
    const changed = await transitionWatchRequest(this.#deps.db, id, ['submitted', 'accepted'], {
      state: 'cancelled',
      ended_at: now,
      ended_by: actor.username,
      end_cause: 'cancelled',
      updated_at: now,
    });
    if (!changed) this.#expectState(await this.#require(id), ['submitted', 'accepted'], 'cancel');
    return this.#require(id);
  }

  /** A room lead ends an accepted or active request before its end. */
  async end(id: string, actor: WatchActor): Promise<WatchRequest> {
    const now = this.#deps.clock.now();
    const changed = await transitionWatchRequest(this.#deps.db, id, ['accepted', 'active'], { state: 'ended', ended_at: now, ended_by: actor.username, end_cause: 'early', updated_at: now });
    if (!changed) this.#expectState(await this.#require(id), ['accepted', 'active'], 'end');
    return this.#require(id);
  }

  /** One request; `communes` limits what the caller may see (undefined: all), and a request outside is "not found". */
  async get(id: string, communes?: readonly string[]): Promise<WatchRequest> {
    const request = await selectWatchRequest(this.#deps.db, id);
    if (request === undefined || (communes !== undefined && !communes.includes(request.communeInsee))) {
      throw new VigieError('VIGIE_WATCH_NOT_FOUND', `no live-watch request ${id}`, { status: 404 });
    }
    return request;
  }

  list(filter: WatchFilter): Promise<WatchRequest[]> {
    return selectWatchRequests(this.#deps.db, filter, this.#deps.clock.now());
  }

  async monitors(): Promise<readonly { readonly id: string; readonly name: string }[]> {
    return this.#wall === undefined ? [] : this.#wall.monitors();
  }

  /** Moves every request whose start or end has come; the timer calls it, tests on a manual clock too. */
  sweep(): Promise<void> {
    return this.#runSweep();
  }

  #runSweep(): Promise<void> {
    const run = this.#sweeping.then(() => this.#sweepOnce());
    this.#sweeping = run.catch(() => undefined);
    return run;
  }

  async #sweepOnce(): Promise<void> {
    const now = this.#deps.clock.now();
    for (const request of await selectDueWatchRequests(this.#deps.db, now)) {
      if (request.toMs <= now) await this.#close(request, now);
      else await this.#activate(request, now);
    }
  }

  async #activate(request: WatchRequest, now: number): Promise<void> {
    if (!(await transitionWatchRequest(this.#deps.db, request.id, ['accepted'], { state: 'active', updated_at: now }))) return;
    const cameraIds = request.acceptedCameraIds ?? request.cameraIds;
    let wallOutcome: string | null = null;
    if (request.monitorId !== null) {
      wallOutcome = await this.#showOnWall(request, cameraIds);
      await transitionWatchRequest(this.#deps.db, request.id, ['active'], { wall_outcome: wallOutcome });
    }
    await this.#journal('watch.activate', request, { cameraIds, monitorId: request.monitorId, wall: wallOutcome });
  }

  async #showOnWall(request: WatchRequest, cameraIds: readonly string[]): Promise<string> {
    const wall = this.#wall;
    if (wall === undefined || request.monitorId === null) return 'failed: no wall';
    const actor = request.reviewedById === null ? null : { id: request.reviewedById, username: request.reviewedBy ?? '', role: request.reviewedByRole ?? 'room_lead' };
    try {
      await wall.show(request.monitorId, cameraIds, actor);
      return 'shown';
    } catch (error) {
      this.#deps.logger.warn({ err: error, request: request.id, monitor: request.monitorId }, 'could not put a live-watch request on the wall');
      return `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300);
    }
  }

  async #close(request: WatchRequest, now: number): Promise<void> {
    const unanswered = request.state === 'submitted';
    const changed = await transitionWatchRequest(this.#deps.db, request.id, [request.state], {
      state: unanswered ? 'expired' : 'ended',
      ended_at: now,
      end_cause: unanswered ? 'unanswered' : 'window',
      updated_at: now,
    });
    if (changed) await this.#journal(unanswered ? 'watch.expire' : 'watch.end', request, { cause: unanswered ? 'unanswered' : 'window' });
  }

  async #journal(action: string, request: WatchRequest, details: Record<string, unknown>): Promise<void> {
    await this.#deps.journal.append({
      actor: null,
      action,
      outcome: 'allowed',
      target: { type: 'watch-request', id: request.id, communeInsee: request.communeInsee },
      details: { via: 'timer', event: request.event, fromMs: request.fromMs, toMs: request.toMs, ...details },
    });
  }

  #schedule(delayMs: number): void {
    if (!this.#running) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), Math.max(0, delayMs));
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    this.#timer = undefined;
    let delay = MAX_TIMER_MS;
    try {
      await this.#runSweep();
      const next = await selectNextWatchDeadline(this.#deps.db);
      if (next !== undefined) delay = Math.min(MAX_TIMER_MS, Math.max(MIN_TIMER_MS, next - this.#deps.clock.now() + 5));
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'live-watch timer: could not move the requests due; trying again');
      delay = 5_000;
    }
    if (this.#timer === undefined) this.#schedule(delay);
  }

  #checkWindow(fromMs: number, toMs: number, now: number): void {
    if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs) || toMs <= fromMs) {
      throw new VigieError('VIGIE_WATCH_WINDOW_INVALID', 'the window must end after it starts', { status: 400 });
    }
    if (toMs <= now) throw new VigieError('VIGIE_WATCH_WINDOW_PAST', 'the window is entirely in the past', { status: 400 });
    if (toMs - fromMs > MAX_WATCH_WINDOW_MS) {
      throw new VigieError('VIGIE_WATCH_WINDOW_TOO_LONG', `the window lasts at most ${MAX_WATCH_WINDOW_MS / 3_600_000} hours`, { status: 400, context: { maxMs: MAX_WATCH_WINDOW_MS } });
    }
  }

  async #monitorExists(monitorId: string): Promise<boolean> {
    return (await this.monitors()).some((monitor) => monitor.id === monitorId);
  }

  async #require(id: string): Promise<WatchRequest> {
    return this.get(id);
  }

  #expectState(request: WatchRequest, allowed: readonly WatchRequest['state'][], what: string): void {
    if (!allowed.includes(request.state)) {
      throw new VigieError('VIGIE_WATCH_STATE', `cannot ${what} a request that is ${request.state}`, { status: 409, context: { state: request.state } });
    }
  }
}
