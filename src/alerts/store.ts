// Rows ↔ objects for the alerts tables, and the state changes that only apply from the state they expect (so
// that two operators, or two servers, never both make the same change).
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../db/database.js';
import { RULES, type AlertRule, type AnalyticsProfile, type EscalationService } from './catalogue.js';
import type { Activation, ActivationSettings, Alert, AlertBox, AlertFilter, AlertState, Escalation, LegalBasis, OplogEntry, Verdict } from './model.js';
import type { AlertTable, AnalyticsActivationTable, AnalyticsLegalBasisTable, OplogEntryTable } from './tables.js';

export function toLegalBasis(row: Selectable<AnalyticsLegalBasisTable>): LegalBasis {
  return {
    id: row.id,
    authority: row.authority,
    reference: row.reference,
    note: row.note,
    validFrom: Number(row.valid_from),
    validTo: Number(row.valid_to),
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
  };
}

export function toActivation(row: Selectable<AnalyticsActivationTable>): Activation {
  return {
    id: row.id,
    cameraId: row.camera_id,
    communeInsee: row.commune_insee,
    rule: row.rule as AlertRule,
    profile: row.profile as AnalyticsProfile,
    legalBasisId: row.legal_basis_id,
    settings: JSON.parse(row.settings) as ActivationSettings,
    state: row.state === 'active' ? 'active' : 'stopped',
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    stoppedAt: row.stopped_at === null ? null : Number(row.stopped_at),
    stoppedBy: row.stopped_by,
    stopCause: row.stop_cause,
  };
}

export function toAlert(row: Selectable<AlertTable>, escalations: readonly Escalation[]): Alert {
  const rule = row.rule as AlertRule;
  return {
    id: row.id,
    cameraId: row.camera_id,
    communeInsee: row.commune_insee,
    rule,
    ruleLabel: RULES[rule]?.label ?? rule,
    zoneId: row.zone_id,
    confidence: Number(row.confidence),
    priority: Number(row.priority),
    state: row.state,
    firstMs: Number(row.first_ms),
    lastMs: Number(row.last_ms),
    eventCount: Number(row.event_count),
    boxes: JSON.parse(row.boxes) as AlertBox[],
    createdAt: Number(row.created_at),
    handler: row.handler,
    acknowledgedAt: row.acknowledged_at === null ? null : Number(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    closedAt: row.closed_at === null ? null : Number(row.closed_at),
    closedBy: row.closed_by,
    verdict: row.verdict as Verdict | null,
    outcome: row.outcome,
    reaction: row.reaction,
    checklist: RULES[rule]?.checklist ?? [],
    escalations,
  };
}

export function toOplogEntry(row: Selectable<OplogEntryTable>): OplogEntry {
  return {
    id: row.id,
    at: Number(row.at),
    author: row.author,
    kind: row.kind as OplogEntry['kind'],
    alertId: row.alert_id,
    cameraId: row.camera_id,
    communeInsee: row.commune_insee,
    text: row.text,
  };
}

async function escalationsOf(db: Kysely<Database>, alertIds: readonly string[]): Promise<Map<string, Escalation[]>> {
  const byAlert = new Map<string, Escalation[]>();
  if (alertIds.length === 0) return byAlert;
  const rows = await db
    .selectFrom('alert_escalations')
    .selectAll()
    .where('alert_id', 'in', [...alertIds])
    .orderBy('called_at')
    .orderBy('created_at')
    .execute();
  for (const row of rows) {
    const list = byAlert.get(row.alert_id) ?? [];
    list.push({ id: row.id, alertId: row.alert_id, service: row.service as EscalationService, calledAt: Number(row.called_at), calledBy: row.called_by, answer: row.answer });
    byAlert.set(row.alert_id, list);
  }
  return byAlert;
}

export async function selectAlert(db: Kysely<Database>, id: string): Promise<Alert | undefined> {
  const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  return toAlert(row, (await escalationsOf(db, [id])).get(id) ?? []);
}

/** Alerts matching the filter: open ones by priority then age, the rest newest first. */
export async function selectAlerts(db: Kysely<Database>, filter: AlertFilter): Promise<Alert[]> {
  let query = db.selectFrom('alerts').selectAll();
  if (filter.communes !== undefined) {
    if (filter.communes.length === 0) return [];
    query = query.where('commune_insee', 'in', [...filter.communes]);
  }
  if (filter.open === true) query = query.where('state', '!=', 'closed');
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  if (filter.fromMs !== undefined) query = query.where('last_ms', '>=', filter.fromMs);
  if (filter.toMs !== undefined) query = query.where('first_ms', '<', filter.toMs);
  query = filter.open === true ? query.orderBy('priority').orderBy('created_at') : query.orderBy('created_at', 'desc');
  const rows = await query
    .orderBy('id')
    .limit(filter.limit ?? 500)
    .execute();
  const escalations = await escalationsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toAlert(row, escalations.get(row.id) ?? []));
}

/** The open alert one more detection of (camera, rule, zone) belongs to: the latest seen since `sinceMs`. */
export async function selectOngoingAlert(db: Kysely<Database>, cameraId: string, rule: string, zoneId: string | null, sinceMs: number): Promise<Selectable<AlertTable> | undefined> {
  let query = db.selectFrom('alerts').selectAll().where('camera_id', '=', cameraId).where('rule', '=', rule).where('state', '!=', 'closed').where('last_ms', '>=', sinceMs);
  query = zoneId === null ? query.where('zone_id', 'is', null) : query.where('zone_id', '=', zoneId);
  return query.orderBy('last_ms', 'desc').executeTakeFirst();
}

/** Applies `changes` only while the alert is in one of `from`; true when this call made the change. */
export async function transitionAlert(db: Kysely<Database>, id: string, from: readonly AlertState[], changes: Updateable<AlertTable>): Promise<boolean> {
  const result = await db
    .updateTable('alerts')
    .set(changes)
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function selectOplog(
  db: Kysely<Database>,
  options: { readonly fromMs?: number | undefined; readonly toMs?: number | undefined; readonly communes?: readonly string[] | undefined; readonly limit?: number | undefined },
): Promise<OplogEntry[]> {
  let query = db.selectFrom('oplog_entries').selectAll();
  if (options.fromMs !== undefined) query = query.where('at', '>=', options.fromMs);
  if (options.toMs !== undefined) query = query.where('at', '<', options.toMs);
  // Entries tied to no camera (a shift note) are the centre's; a commune-bound reader sees only his communes' entries.
  if (options.communes !== undefined) {
    if (options.communes.length === 0) return [];
    query = query.where('commune_insee', 'in', [...options.communes]);
  }
  const rows = await query
    .orderBy('at', 'desc')
    .orderBy('id')
    .limit(options.limit ?? 1000)
    .execute();
  return rows.map(toOplogEntry);
}
