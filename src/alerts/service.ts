// Alerts: each detection of a running rule becomes an alert (repeated detections of one ongoing event merge into
// it), which operators acknowledge, handle, escalate and close with a verdict and an outcome. A new alert turns
// the PTZ towards the zone and shows the camera on the wall's alarm monitor; every change goes to the listeners
// (the console's push channel, MQTT, webhooks) and the loop's steps to the operations log and the journal.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import { isEscalationService, RULES, SERVICE_LABELS, type AlertRule } from './catalogue.js';
import type { AnalyticsGovernance } from './governance.js';
import { ALERT_LIMITS, VERDICTS, type Alert, type AlertActor, type AlertChange, type AlertFilter, type AlertState, type DetectionEvent, type Verdict, type VerdictStat } from './model.js';
import type { OperationsLog } from './oplog.js';
import { selectAlert, selectAlerts, selectOngoingAlert, transitionAlert } from './store.js';
import { fieldError, optionalText, requireText } from './text.js';

/** Detections of one rule on one camera (and zone) this close to the last one belong to the same event. */
export const MERGE_GAP_MS = 60_000;

/** The hand-off to the PTZ capability (its PtzService fits): move a camera to a preset on behalf of an alert. */
export interface AlertPtz {
  gotoPreset(cameraId: string, preset: string, options: { readonly by: { readonly kind: 'alert'; readonly id: string; readonly label: string } }): Promise<unknown>;
  /** The camera's presets, for the name an operator gave the one reached. */
  presets(cameraId: string): Promise<ReadonlyArray<{ readonly token: string; readonly name: string }>>;
}

/** The hand-off to the wall: show cameras on the alarm monitor. */
export interface AlertWall {
  showOnAlarmMonitor(cameraIds: readonly string[], reason: string): Promise<unknown>;
}

export type AlertListener = (change: AlertChange) => void;

export interface AlertServiceDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
  readonly oplog: OperationsLog;
  readonly governance: AnalyticsGovernance;
  readonly ptz?: AlertPtz | undefined;
  readonly wall?: AlertWall | undefined;
}

const TRANSITIONS: Record<'acknowledge' | 'handle', { readonly from: readonly AlertState[]; readonly to: AlertState }> = {
  acknowledge: { from: ['new'], to: 'acknowledged' },
  handle: { from: ['new', 'acknowledged', 'handling'], to: 'handling' },
};

const describe = (alert: Pick<Alert, 'rule'>): string => RULES[alert.rule]?.label ?? alert.rule;

export class AlertService {
  readonly #deps: AlertServiceDeps;
  readonly #listeners = new Set<AlertListener>();
  /** One ingest at a time, so two detections of one event never make two alerts. */
  #ingesting: Promise<unknown> = Promise.resolve();

  constructor(deps: AlertServiceDeps) {
    this.#deps = deps;
  }

  onChange(listener: AlertListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** One detection from analytics: a new alert, a merge into the ongoing one, or nothing when no rule runs for it. */
  ingest(event: DetectionEvent): Promise<Alert | undefined> {
    const run = this.#ingesting.then(() => this.#ingest(event));
    this.#ingesting = run.catch(() => undefined);
    return run;
  }

  async #ingest(event: DetectionEvent): Promise<Alert | undefined> {
    const zoneId = event.zoneId ?? null;
    const activation = await this.#deps.governance.runningFor(event.cameraId, event.rule, zoneId);
    if (activation === undefined) {
      // No alert is invented: a detection of a rule that does not run (stopped, expired, never activated) is dropped.
      this.#deps.logger.warn({ camera: event.cameraId, rule: event.rule }, 'a detection arrived for a rule that is not running on this camera; no alert');
      return undefined;
    }
    const now = this.#deps.clock.now();
    const boxes = JSON.stringify(event.boxes.map((b) => ({ x: b.x, y: b.y, w: b.w, h: b.h, label: b.label, ...(b.trackId === undefined ? {} : { trackId: b.trackId }) })));
    const ongoing = await selectOngoingAlert(this.#deps.db, event.cameraId, event.rule, zoneId, event.startMs - MERGE_GAP_MS);
    if (ongoing !== undefined) {
      const moreConfident = event.confidence > Number(ongoing.confidence);
      await this.#deps.db
        .updateTable('alerts')
        .set({
          last_ms: Math.max(Number(ongoing.last_ms), event.endMs),
          event_count: Number(ongoing.event_count) + 1,
          updated_at: now,
          ...(moreConfident ? { confidence: event.confidence, boxes } : {}),
        })
        .where('id', '=', ongoing.id)
        .execute();
      const merged = await this.#require(ongoing.id);
      this.#emit({ kind: 'merged', alert: merged });
      return merged;
    }
    const rule = activation.rule;
    const id = newId();
    await this.#deps.db
      .insertInto('alerts')
      .values({
        id,
        camera_id: event.cameraId,
        commune_insee: activation.communeInsee,
        rule,
        zone_id: zoneId,
        activation_id: activation.id,
        confidence: event.confidence,
        priority: RULES[rule].priority,
        state: 'new',
        first_ms: event.startMs,
        last_ms: event.endMs,
        event_count: 1,
        boxes,
        created_at: now,
        updated_at: now,
        handler: null,
        handler_id: null,
        acknowledged_at: null,
        acknowledged_by: null,
        closed_at: null,
        closed_by: null,
        verdict: null,
        outcome: null,
        reaction: null,
      })
      .execute();
    const created = await this.#require(id);
    this.#emit({ kind: 'created', alert: created });
    await this.#deps.journal.append({
      actor: null,
      action: 'alert.raise',
      outcome: 'allowed',
      target: { type: 'alert', id, cameraId: created.cameraId, communeInsee: created.communeInsee },
      details: { via: 'analytics', rule, zoneId, confidence: event.confidence, activation: activation.id },
    });
    await this.#deps.oplog.write(
      { kind: 'alert', alertId: id, cameraId: created.cameraId, communeInsee: created.communeInsee, text: `Alerte « ${describe(created)} » levée (confiance ${Math.round(event.confidence * 100)} %)` },
      null,
    );
    void this.#react(created, activation.settings.ptzCameraId, activation.settings.ptzPreset);
    return created;
  }

  /** The camera's name for the operator; its id when the camera is gone (or the database closing). */
  async #cameraName(cameraId: string): Promise<string> {
    const row = await this.#deps.db
      .selectFrom('cameras')
      .select('name')
      .where('id', '=', cameraId)
      .executeTakeFirst()
      .catch(() => undefined);
    return row?.name ?? cameraId;
  }

  /** Whether the camera reached its preset; the cause of a failure goes to the server log, not to the operator. */
  async #gotoPreset(ptz: AlertPtz, alert: Alert, cameraId: string, preset: string): Promise<boolean> {
    try {
      await ptz.gotoPreset(cameraId, preset, { by: { kind: 'alert', id: alert.id, label: `alerte « ${describe(alert)} »` } });
      return true;
    } catch (error) {
      this.#deps.logger.warn({ err: error, alert: alert.id, camera: cameraId }, 'the PTZ could not go to its preset for an alert');
      return false;
    }
  }

  /** PTZ to its preset and the alarm monitor, after the alert is visible: neither may hold it up. */
  async #react(alert: Alert, ptzCameraId: string | undefined, ptzPreset: string | undefined): Promise<void> {
    const outcomes: string[] = [];
    if (ptzPreset !== undefined) {
      const cameraId = ptzCameraId ?? alert.cameraId;
      const ptz = this.#deps.ptz;
      // The camera moves first; naming it for the operator may wait.
      const moved = ptz === undefined ? undefined : await this.#gotoPreset(ptz, alert, cameraId, ptzPreset);
      const camera = `« ${await this.#cameraName(cameraId)} »`;
      if (ptz === undefined) outcomes.push(`PTZ ${camera} non disponible`);
      else if (!moved) outcomes.push(`PTZ ${camera} : préréglage non atteint`);
      else {
        const preset = (await ptz.presets(cameraId).catch(() => [])).find((p) => p.token === ptzPreset)?.name ?? ptzPreset;
        outcomes.push(`PTZ ${camera} → préréglage « ${preset} »`);
      }
    }
    if (this.#deps.wall !== undefined) {
      try {
        await this.#deps.wall.showOnAlarmMonitor([ptzPreset !== undefined && ptzCameraId !== undefined ? ptzCameraId : alert.cameraId], `alerte ${describe(alert)}`);
        outcomes.push('mur : moniteur d’alarme');
      } catch (error) {
        // A wall without an alarm monitor is a choice of the room, not a fault: noted on the alert, not logged as one.
        if (error instanceof VigieError && error.code === 'VIGIE_WALL_NO_ALARM_MONITOR') outcomes.push('mur : aucun moniteur d’alarme');
        else {
          this.#deps.logger.warn({ err: error, alert: alert.id }, 'the alarm monitor could not show an alert');
          outcomes.push('mur : moniteur d’alarme non atteint');
        }
      }
    }
    if (outcomes.length === 0) return;
    try {
      await this.#deps.db
        .updateTable('alerts')
        .set({ reaction: outcomes.join('; ') })
        .where('id', '=', alert.id)
        .execute();
      this.#emit({ kind: 'updated', alert: await this.#require(alert.id) });
    } catch (error) {
      this.#deps.logger.warn({ err: error, alert: alert.id }, 'could not record the reaction to an alert');
    }
  }

  async acknowledge(id: string, actor: AlertActor): Promise<Alert> {
    return this.#move(id, 'acknowledge', actor, { acknowledged_at: this.#deps.clock.now(), acknowledged_by: actor.username, handler: actor.username, handler_id: actor.id }, 'prise en compte');
  }

  /** The operator takes the alert in hand (or takes it over from another). */
  async handle(id: string, actor: AlertActor): Promise<Alert> {
    const alert = await this.get(id);
    const acknowledged = alert.acknowledgedAt === null ? { acknowledged_at: this.#deps.clock.now(), acknowledged_by: actor.username } : {};
    return this.#move(id, 'handle', actor, { ...acknowledged, handler: actor.username, handler_id: actor.id }, 'en traitement');
  }

  async close(id: string, input: { readonly verdict?: unknown; readonly outcome?: unknown }, actor: AlertActor): Promise<Alert> {
    if (typeof input.verdict !== 'string' || !(VERDICTS as readonly string[]).includes(input.verdict) || typeof input.outcome !== 'string' || input.outcome.trim() === '') {
      throw new VigieError('VIGIE_ALERT_VERDICT_REQUIRED', 'closing needs the verdict (true_alarm or false_alarm) and the outcome', { status: 400 });
    }
    const verdict = input.verdict as Verdict;
    const outcome = requireText('outcome', input.outcome, ALERT_LIMITS.outcome);
    const now = this.#deps.clock.now();
    const changed = await transitionAlert(this.#deps.db, id, ['new', 'acknowledged', 'handling'], { state: 'closed', closed_at: now, closed_by: actor.username, verdict, outcome, updated_at: now });
    if (!changed) this.#refuse(await this.get(id), 'close');
    const alert = await this.#require(id);
    await this.#deps.oplog.write(
      {
        kind: 'alert',
        alertId: id,
        cameraId: alert.cameraId,
        communeInsee: alert.communeInsee,
        text: `Alerte « ${describe(alert)} » clôturée : ${verdict === 'true_alarm' ? 'alerte fondée' : 'fausse alerte'} — ${outcome}`,
      },
      actor,
    );
    this.#emit({ kind: 'updated', alert });
    return alert;
  }

  /** One step of the escalation checklist: who called which service, when, and the answer. */
  async escalate(id: string, input: { readonly service?: unknown; readonly answer?: unknown; readonly calledAt?: unknown }, actor: AlertActor): Promise<Alert> {
    if (!isEscalationService(input.service)) throw fieldError('service', 'the service is 17, 18, 15, 112 or police_municipale');
    const service = input.service;
    const answer = optionalText('answer', input.answer, ALERT_LIMITS.answer);
    const now = this.#deps.clock.now();
    const calledAt = input.calledAt === undefined || input.calledAt === null ? now : input.calledAt;
    if (typeof calledAt !== 'number' || !Number.isSafeInteger(calledAt) || calledAt > now + 60_000) throw fieldError('calledAt', 'the call time is ms since the epoch, not in the future');
    const alert = await this.get(id);
    if (alert.state === 'closed') this.#refuse(alert, 'escalate');
    await this.#deps.db.insertInto('alert_escalations').values({ id: newId(), alert_id: id, service, called_at: calledAt, called_by: actor.username, answer, created_at: now }).execute();
    // Calling out means the operator has the alert in hand.
    if (alert.state !== 'handling')
      await transitionAlert(this.#deps.db, id, ['new', 'acknowledged'], {
        state: 'handling',
        handler: actor.username,
        handler_id: actor.id,
        acknowledged_at: alert.acknowledgedAt ?? now,
        acknowledged_by: alert.acknowledgedBy ?? actor.username,
        updated_at: now,
      });
    await this.#deps.oplog.write(
      {
        kind: 'escalation',
        alertId: id,
        cameraId: alert.cameraId,
        communeInsee: alert.communeInsee,
        at: calledAt,
        text: `Appel ${SERVICE_LABELS[service]} pour l’alerte « ${describe(alert)} »${answer === '' ? '' : ` — réponse : ${answer}`}`,
      },
      actor,
    );
    const updated = await this.#require(id);
    this.#emit({ kind: 'updated', alert: updated });
    return updated;
  }

  async get(id: string, communes?: readonly string[]): Promise<Alert> {
    const alert = await selectAlert(this.#deps.db, id);
    if (alert === undefined || (communes !== undefined && !communes.includes(alert.communeInsee))) throw new VigieError('VIGIE_ALERT_NOT_FOUND', `no alert ${id}`, { status: 404 });
    return alert;
  }

  list(filter: AlertFilter): Promise<Alert[]> {
    return selectAlerts(this.#deps.db, filter);
  }

  /** Verdicts per rule and camera (and per rule over every camera, cameraId null), for tuning thresholds. */
  async stats(options: { readonly communes?: readonly string[] | undefined; readonly fromMs?: number | undefined } = {}): Promise<VerdictStat[]> {
    let query = this.#deps.db
      .selectFrom('alerts')
      .select(['rule', 'camera_id', 'verdict'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'closed');
    if (options.communes !== undefined) {
      if (options.communes.length === 0) return [];
      query = query.where('commune_insee', 'in', [...options.communes]);
    }
    if (options.fromMs !== undefined) query = query.where('closed_at', '>=', options.fromMs);
    const rows = await query.groupBy(['rule', 'camera_id', 'verdict']).execute();
    const tally = new Map<string, { rule: AlertRule; cameraId: string | null; trueAlarms: number; falseAlarms: number }>();
    const add = (rule: AlertRule, cameraId: string | null, verdict: string | null, n: number) => {
      const key = `${rule}\u0000${cameraId ?? ''}`;
      const entry = tally.get(key) ?? { rule, cameraId, trueAlarms: 0, falseAlarms: 0 };
      if (verdict === 'false_alarm') entry.falseAlarms += n;
      else entry.trueAlarms += n;
      tally.set(key, entry);
    };
    for (const row of rows) {
      add(row.rule as AlertRule, row.camera_id, row.verdict, Number(row.n));
      add(row.rule as AlertRule, null, row.verdict, Number(row.n));
    }
    return [...tally.values()]
      .map((t) => {
        const closed = t.trueAlarms + t.falseAlarms;
        return { ...t, closed, falseAlarmRate: closed === 0 ? null : t.falseAlarms / closed };
      })
      .sort((a, b) => a.rule.localeCompare(b.rule) || (a.cameraId ?? '').localeCompare(b.cameraId ?? ''));
  }

  async #move(id: string, step: keyof typeof TRANSITIONS, actor: AlertActor, changes: Record<string, unknown>, what: string): Promise<Alert> {
    const { from, to } = TRANSITIONS[step];
    const changed = await transitionAlert(this.#deps.db, id, from, { state: to, updated_at: this.#deps.clock.now(), ...changes });
    if (!changed) this.#refuse(await this.get(id), step);
    const alert = await this.#require(id);
    await this.#deps.oplog.write(
      { kind: 'alert', alertId: id, cameraId: alert.cameraId, communeInsee: alert.communeInsee, text: `Alerte « ${describe(alert)} » ${what} par ${actor.username}` },
      actor,
    );
    this.#emit({ kind: 'updated', alert });
    return alert;
  }

  #refuse(alert: Alert, what: string): never {
    throw new VigieError('VIGIE_ALERT_STATE', `cannot ${what} an alert that is ${alert.state}`, { status: 409, context: { state: alert.state } });
  }

  #require(id: string): Promise<Alert> {
    return this.get(id);
  }

  #emit(change: AlertChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#deps.logger.warn({ err: error }, 'an alert listener failed');
      }
    }
  }
}
