// Analytics governance: off by default; an administrator records legal bases (authority, reference, validity)
// and activates a rule on a camera only under one valid now; a timer stops each activation when its basis
// expires. Every change is journaled, written to the operations log, and handed to analytics (the port).
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { RuleSetting } from '../analytics/index.js';
import type { Journal } from '../journal/index.js';
import { isAlertRule, RULES } from './catalogue.js';
import { ALERT_LIMITS, type Activation, type ActivationSettings, type AlertActor, type LegalBasis, type NewActivation, type NewLegalBasis, type Point } from './model.js';
import type { OperationsLog } from './oplog.js';
import { toActivation, toLegalBasis } from './store.js';
import { fieldError, optionalText, requireText } from './text.js';

/** The hand-off to analytics: the rules that must run on a camera now (none: stop analysing it). */
export interface AnalyticsPort {
  apply(cameraId: string, rules: readonly RuleSetting[]): void | Promise<void>;
  /** Whether the camera's analysis runs now, and why not (French). */
  status?(cameraId: string): { readonly running: boolean; readonly reason?: string };
}

export interface GovernanceDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
  readonly oplog: OperationsLog;
  readonly cameraCommune: (cameraId: string) => Promise<string | undefined>;
  /** alerts.extendedProfile: whether the opt-in detectors may be activated at all. */
  readonly extendedProfile: boolean;
  readonly analytics?: AnalyticsPort | undefined;
}

const MAX_TIMER_MS = 30_000;

function readPoint(field: string, value: unknown): Point {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 1)) {
    throw fieldError(field, `"${field}" holds points [x, y] normalised to 0..1`);
  }
  return [value[0] as number, value[1] as number];
}

function readSettings(input: NewActivation): ActivationSettings {
  const zone = input.zone === undefined ? undefined : Array.isArray(input.zone) && input.zone.length >= 3 ? input.zone.map((p) => readPoint('zone', p)) : undefined;
  if (input.zone !== undefined && zone === undefined) throw fieldError('zone', 'a zone is a polygon of at least 3 points');
  let line: [Point, Point] | undefined;
  if (input.line !== undefined) {
    if (!Array.isArray(input.line) || input.line.length !== 2) throw fieldError('line', 'a line is two points');
    line = [readPoint('line', input.line[0]), readPoint('line', input.line[1])];
  }
  const thresholds: Record<string, number> = {};
  for (const [name, value] of Object.entries(input.thresholds ?? {})) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw fieldError('thresholds', `threshold ${name} is a number`);
    thresholds[name] = value;
  }
  const text = (field: string, value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : requireText(field, value, 200));
  return {
    zoneId: text('zoneId', input.zoneId),
    zone,
    line,
    direction: typeof input.direction === 'number' && Number.isFinite(input.direction) ? input.direction : undefined,
    thresholds: Object.keys(thresholds).length === 0 ? undefined : thresholds,
    ptzCameraId: text('ptzCameraId', input.ptzCameraId),
    ptzPreset: text('ptzPreset', input.ptzPreset),
  };
}

export class AnalyticsGovernance {
  readonly #deps: GovernanceDeps;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #sweeping: Promise<void> = Promise.resolve();

  constructor(deps: GovernanceDeps) {
    this.#deps = deps;
  }

  /** Stops what expired while Vigie was down, hands analytics what runs, and starts the expiry timer. */
  async start(): Promise<void> {
    this.#running = true;
    await this.sweep();
    const cameras = new Set((await this.activations({ active: true })).map((activation) => activation.cameraId));
    for (const cameraId of cameras) await this.#push(cameraId);
    this.#schedule(MAX_TIMER_MS);
  }

  async close(): Promise<void> {
    this.#running = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#sweeping;
  }

  /** What analytics says of a camera's analysis, when it is wired. */
  analysisStatus(cameraId: string): { readonly running: boolean; readonly reason?: string } | undefined {
    return this.#deps.analytics?.status?.(cameraId);
  }

  get extendedProfile(): boolean {
    return this.#deps.extendedProfile;
  }

  async addBasis(input: NewLegalBasis, actor: AlertActor): Promise<LegalBasis> {
    const authority = requireText('authority', input.authority, ALERT_LIMITS.authority);
    const reference = requireText('reference', input.reference, ALERT_LIMITS.reference);
    const note = optionalText('note', input.note, ALERT_LIMITS.text);
    if (!Number.isSafeInteger(input.validFrom) || !Number.isSafeInteger(input.validTo) || input.validTo <= input.validFrom) {
      throw fieldError('validTo', 'the validity ends after it starts');
    }
    const row = { id: newId(), authority, reference, note, valid_from: input.validFrom, valid_to: input.validTo, created_by: actor.username, created_at: this.#deps.clock.now() };
    await this.#deps.db.insertInto('analytics_legal_bases').values(row).execute();
    await this.#deps.oplog.write({ kind: 'governance', text: `Base légale enregistrée : ${reference} (${authority})` }, actor);
    return toLegalBasis(row);
  }

  async bases(): Promise<LegalBasis[]> {
    return (await this.#deps.db.selectFrom('analytics_legal_bases').selectAll().orderBy('valid_to', 'desc').orderBy('id').execute()).map(toLegalBasis);
  }

  async activate(input: NewActivation, actor: AlertActor): Promise<Activation> {
    if (!isAlertRule(input.rule)) throw new VigieError('VIGIE_ANALYTICS_RULE_UNKNOWN', `unknown rule "${String(input.rule)}"`, { status: 400, context: { rule: input.rule } });
    const rule = input.rule;
    const profile = RULES[rule].profile;
    if (input.profile !== undefined && input.profile !== profile && !(input.profile === 'extended' && profile === 'legal')) throw fieldError('profile', `rule ${rule} is in the ${profile} profile`);
    if (profile === 'extended' && !this.#deps.extendedProfile) {
      throw new VigieError('VIGIE_ANALYTICS_PROFILE_REFUSED', `rule ${rule} needs the extended profile, which the configuration does not allow`, { status: 403, context: { rule } });
    }
    const now = this.#deps.clock.now();
    const basis = await this.#validBasis(input.legalBasisId, now);
    const commune = await this.#deps.cameraCommune(input.cameraId);
    if (commune === undefined) throw new VigieError('VIGIE_ANALYTICS_CAMERA_UNKNOWN', `no camera ${input.cameraId}`, { status: 404, context: { cameraId: input.cameraId } });
    const settings = readSettings(input);
    const row = {
      id: newId(),
      camera_id: input.cameraId,
      commune_insee: commune,
      rule,
      profile,
      legal_basis_id: basis.id,
      settings: JSON.stringify(settings),
      state: 'active',
      created_by: actor.username,
      created_at: now,
      stopped_at: null,
      stopped_by: null,
      stop_cause: null,
    };
    await this.#deps.db.insertInto('analytics_activations').values(row).execute();
    const activation = toActivation(row);
    await this.#deps.oplog.write(
      { kind: 'governance', cameraId: activation.cameraId, communeInsee: commune, text: `Analyse « ${RULES[rule].label} » activée (base légale ${basis.reference}, jusqu’au terme de sa validité)` },
      actor,
    );
    await this.#push(activation.cameraId);
    this.#schedule(0);
    return activation;
  }

  async stop(id: string, actor: AlertActor): Promise<Activation> {
    const activation = await this.#stop(id, actor.username, 'operator');
    if (activation === undefined) throw new VigieError('VIGIE_ANALYTICS_ACTIVATION_NOT_FOUND', `no running activation ${id}`, { status: 404 });
    await this.#deps.oplog.write({ kind: 'governance', cameraId: activation.cameraId, communeInsee: activation.communeInsee, text: `Analyse « ${RULES[activation.rule].label} » arrêtée` }, actor);
    return activation;
  }

  async activations(filter: { readonly active?: boolean; readonly cameraId?: string } = {}): Promise<Activation[]> {
    let query = this.#deps.db.selectFrom('analytics_activations').selectAll();
    if (filter.active === true) query = query.where('state', '=', 'active');
    if (filter.cameraId !== undefined) query = query.where('camera_id', '=', filter.cameraId);
    return (await query.orderBy('created_at', 'desc').orderBy('id').execute()).map(toActivation);
  }

  /** The running activation of a rule on a camera (and zone), if any: an event without one raises no alert. */
  async runningFor(cameraId: string, rule: string, zoneId: string | null): Promise<Activation | undefined> {
    const now = this.#deps.clock.now();
    const candidates = (await this.activations({ active: true, cameraId })).filter((a) => a.rule === rule && (zoneId === null || a.settings.zoneId === undefined || a.settings.zoneId === zoneId));
    for (const activation of candidates) {
      const basis = await this.#deps.db.selectFrom('analytics_legal_bases').selectAll().where('id', '=', activation.legalBasisId).executeTakeFirst();
      if (basis !== undefined && Number(basis.valid_from) <= now && now < Number(basis.valid_to)) return activation;
    }
    return undefined;
  }

  /** Stops every activation whose legal basis has expired; the timer calls it, tests on a manual clock too. */
  sweep(): Promise<void> {
    const run = this.#sweeping.then(() => this.#sweepOnce());
    this.#sweeping = run.catch(() => undefined);
    return run;
  }

  async #sweepOnce(): Promise<void> {
    const now = this.#deps.clock.now();
    const expired = await this.#deps.db
      .selectFrom('analytics_activations')
      .innerJoin('analytics_legal_bases', 'analytics_legal_bases.id', 'analytics_activations.legal_basis_id')
      .select(['analytics_activations.id as id', 'analytics_legal_bases.reference as reference', 'analytics_legal_bases.valid_to as validTo'])
      .where('analytics_activations.state', '=', 'active')
      .where('analytics_legal_bases.valid_to', '<=', now)
      .execute();
    for (const row of expired) {
      const activation = await this.#stop(row.id, null, 'expired');
      if (activation === undefined) continue;
      await this.#deps.journal.append({
        actor: null,
        action: 'analytics.expire',
        outcome: 'allowed',
        target: { type: 'analytics-activation', id: activation.id, cameraId: activation.cameraId, communeInsee: activation.communeInsee },
        details: { via: 'timer', rule: activation.rule, legalBasis: row.reference, validTo: Number(row.validTo) },
      });
      await this.#deps.oplog.write(
        {
          kind: 'governance',
          cameraId: activation.cameraId,
          communeInsee: activation.communeInsee,
          text: `Analyse « ${RULES[activation.rule].label} » arrêtée d’elle-même : la base légale ${row.reference} a expiré`,
        },
        null,
      );
    }
  }

  async #stop(id: string, by: string | null, cause: 'operator' | 'expired'): Promise<Activation | undefined> {
    const now = this.#deps.clock.now();
    const result = await this.#deps.db
      .updateTable('analytics_activations')
      .set({ state: 'stopped', stopped_at: now, stopped_by: by, stop_cause: cause })
      .where('id', '=', id)
      .where('state', '=', 'active')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    const row = await this.#deps.db.selectFrom('analytics_activations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const activation = toActivation(row);
    await this.#push(activation.cameraId);
    return activation;
  }

  async #validBasis(id: string, now: number): Promise<LegalBasis> {
    const row = typeof id === 'string' && id !== '' ? await this.#deps.db.selectFrom('analytics_legal_bases').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (row === undefined) throw new VigieError('VIGIE_ANALYTICS_BASIS_INVALID', 'no such legal basis: record it first', { status: 400, context: { reason: 'unknown' } });
    const basis = toLegalBasis(row);
    if (now < basis.validFrom) throw new VigieError('VIGIE_ANALYTICS_BASIS_INVALID', 'the legal basis is not valid yet', { status: 400, context: { reason: 'not-yet', validFrom: basis.validFrom } });
    if (now >= basis.validTo) throw new VigieError('VIGIE_ANALYTICS_BASIS_INVALID', 'the legal basis has expired', { status: 400, context: { reason: 'expired', validTo: basis.validTo } });
    return basis;
  }

  /** Tells analytics the rules that run on a camera now; a failure there leaves the records as they are. */
  async #push(cameraId: string): Promise<void> {
    const port = this.#deps.analytics;
    if (port === undefined) return;
    const rules: RuleSetting[] = (await this.activations({ active: true, cameraId })).map((a) => ({
      rule: a.rule,
      ...(a.settings.zoneId === undefined ? {} : { zoneId: a.settings.zoneId }),
      ...(a.settings.zone === undefined ? {} : { zone: a.settings.zone }),
      ...(a.settings.line === undefined ? {} : { line: a.settings.line }),
      ...(a.settings.direction === undefined ? {} : { direction: a.settings.direction }),
      ...(a.settings.thresholds === undefined ? {} : { thresholds: a.settings.thresholds }),
    }));
    try {
      await port.apply(cameraId, rules);
    } catch (error) {
      this.#deps.logger.warn({ err: error, camera: cameraId }, 'analytics refused the rules of a camera');
    }
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
      await this.sweep();
      const next = await this.#deps.db
        .selectFrom('analytics_activations')
        .innerJoin('analytics_legal_bases', 'analytics_legal_bases.id', 'analytics_activations.legal_basis_id')
        .select((eb) => eb.fn.min('analytics_legal_bases.valid_to').as('at'))
        .where('analytics_activations.state', '=', 'active')
        .executeTakeFirst();
      if (next?.at !== null && next?.at !== undefined) delay = Math.min(MAX_TIMER_MS, Math.max(200, Number(next.at) - this.#deps.clock.now() + 5));
    } catch (error) {
      this.#deps.logger.warn({ err: error }, 'analytics expiry timer failed; trying again');
      delay = 5_000;
    }
    if (this.#timer === undefined) this.#schedule(delay);
  }
}
