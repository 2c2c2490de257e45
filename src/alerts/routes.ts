// Alerts API: the queue and its push channel (WebSocket), each alert's steps (acknowledge, handle, escalate, close with
// a verdict), verdict statistics, the operations log and its shift handover, and analytics governance (legal
// bases, rule activations). People's actions are journaled by the auth hook, named here with noteJournal.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { endWebSocket, type Access, type Actor } from '../access/index.js';
import { noteJournal } from '../api/journal-note.js';
import { requireCameraScope } from '../api/route-access.js';
import type { Clock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { RULE_CATALOGUE } from '../analytics/index.js';
import { RULES } from './catalogue.js';
import type { AnalyticsGovernance } from './governance.js';
import { handoverHtml } from './handover.js';
import { isAlertState, type Alert, type AlertActor, type AlertFilter } from './model.js';
import type { OperationsLog } from './oplog.js';
import type { AlertService } from './service.js';

const Text = Type.String({ maxLength: 10_000 });
const PointT = Type.Array(Type.Number(), { minItems: 2, maxItems: 2 });
const BasisBody = Type.Object({ authority: Text, reference: Text, note: Type.Optional(Text), validFrom: Type.Integer(), validTo: Type.Integer() }, { additionalProperties: false });
const ActivationBody = Type.Object(
  {
    cameraId: Type.String({ minLength: 1, maxLength: 200 }),
    rule: Type.String({ maxLength: 100 }),
    legalBasisId: Type.String({ maxLength: 200 }),
    profile: Type.Optional(Type.Union([Type.Literal('legal'), Type.Literal('extended')])),
    zoneId: Type.Optional(Type.String({ maxLength: 200 })),
    zone: Type.Optional(Type.Array(PointT, { maxItems: 100 })),
    line: Type.Optional(Type.Array(PointT, { minItems: 2, maxItems: 2 })),
    direction: Type.Optional(Type.Number()),
    thresholds: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Number())),
    ptzCameraId: Type.Optional(Type.String({ maxLength: 200 })),
    ptzPreset: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const EscalateBody = Type.Object({ service: Type.String({ maxLength: 50 }), answer: Type.Optional(Text), calledAt: Type.Optional(Type.Integer()) }, { additionalProperties: false });
const CloseBody = Type.Object({ verdict: Type.Optional(Type.String({ maxLength: 50 })), outcome: Type.Optional(Text) }, { additionalProperties: false });
const OplogBody = Type.Object({ text: Text, cameraId: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
type IdParams = { id: string };

/** The push channel pings this often so proxies keep it open. */
const HEARTBEAT_MS = 20_000;
const SHIFT_MS = 12 * 3_600_000;

function alertActor(actor: Actor | null): AlertActor {
  if (actor === null) throw new VigieError('VIGIE_AUTH_REQUIRED', 'log in first', { status: 401 });
  return { id: actor.id, username: actor.username, role: actor.role };
}

function visibleCommunes(request: FastifyRequest): readonly string[] | undefined {
  const scope = requireCameraScope(request);
  return scope.all ? undefined : scope.communes;
}

function msQuery(query: Record<string, string | undefined>, name: string): number | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  const ms = Number(value);
  if (!Number.isSafeInteger(ms)) throw new VigieError('VIGIE_ALERT_FIELD_INVALID', `"${name}" is ms since the epoch`, { status: 400, context: { field: name } });
  return ms;
}

function note(request: FastifyRequest, action: string, alert: Alert, details: Record<string, unknown> = {}): void {
  noteJournal(request, { action, target: { type: 'alert', id: alert.id, cameraId: alert.cameraId, communeInsee: alert.communeInsee }, details: { rule: alert.rule, state: alert.state, ...details } });
}

export interface AlertRoutesDeps {
  readonly service: AlertService;
  readonly governance: AnalyticsGovernance;
  readonly oplog: OperationsLog;
  readonly clock: Clock;
  readonly cameraName: (cameraId: string) => Promise<string | undefined>;
  readonly cameraCommune: (cameraId: string) => Promise<string | undefined>;
  /** The stream watch: the push channel closes when its subject loses the right (logout, expiry, revocation). */
  readonly access: Pick<Access, 'watchStream'>;
}

export function alertRoutes(deps: AlertRoutesDeps) {
  const { service, governance, oplog } = deps;
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      '/api/alerts',
      {
        config: { access: { kind: 'cameras', action: 'alert.read' } },
        schema: { tags: ['alerts'], summary: 'Alerts (open=true: the queue, by priority; state, from, to); commune-bound readers see their communes only' },
      },
      async (request) => {
        const query = request.query as Record<string, string | undefined>;
        const state = query['state'];
        if (state !== undefined && state !== '' && !isAlertState(state)) throw new VigieError('VIGIE_ALERT_FIELD_INVALID', `unknown state "${state}"`, { status: 400, context: { field: 'state' } });
        const filter: AlertFilter = {
          communes: visibleCommunes(request),
          open: query['open'] === 'true',
          state: state === '' ? undefined : state,
          fromMs: msQuery(query, 'from'),
          toMs: msQuery(query, 'to'),
        };
        return service.list(filter);
      },
    );

    app.get(
      '/api/alerts/events',
      {
        websocket: true,
        config: { access: { kind: 'cameras', action: 'alert.read' } },
        schema: { tags: ['alerts'], summary: 'Every alert created, merged or changed that the caller may see (WebSocket, consoles)' },
      },
      (socket: import('ws').WebSocket, request: FastifyRequest) => {
        const communes = visibleCommunes(request);
        const unsubscribe = service.onChange((change) => {
          if (communes !== undefined && !communes.includes(change.alert.communeInsee)) return;
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ kind: change.kind, alert: change.alert, sentAt: deps.clock.now() }));
        });
        const heartbeat = setInterval(() => socket.readyState === socket.OPEN && socket.ping(), HEARTBEAT_MS);
        heartbeat.unref();
        const actor = request.actor;
        const unwatch =
          actor === null
            ? () => undefined
            : deps.access.watchStream({
                actor,
                action: 'alert.read',
                via: 'websocket',
                ip: request.ip,
                // A console left open on its queue is still abandoned: its session expires when idle, and this closes.
                keepsSessionAlive: false,
                end: (reason) => endWebSocket(socket, reason),
              });
        socket.on('close', () => {
          clearInterval(heartbeat);
          unsubscribe();
          unwatch();
        });
        socket.send(JSON.stringify({ kind: 'hello', sentAt: deps.clock.now() }));
      },
    );

    app.get(
      '/api/alerts/stats',
      {
        config: { access: { kind: 'cameras', action: 'alert.read' } },
        schema: { tags: ['alerts'], summary: 'Verdicts per rule and camera (cameraId null: the rule over every camera), with the false-alarm rate' },
      },
      async (request) => {
        const stats = await service.stats({ communes: visibleCommunes(request), fromMs: msQuery(request.query as Record<string, string | undefined>, 'from') });
        return stats.map((stat) => ({ ...stat, ruleLabel: RULES[stat.rule]?.label ?? stat.rule }));
      },
    );

    app.get<{ Params: IdParams }>(
      '/api/alerts/:id',
      { config: { access: { kind: 'cameras', action: 'alert.read' } }, schema: { tags: ['alerts'], summary: 'One alert with its escalation calls' } },
      async (request) => service.get(request.params.id, visibleCommunes(request)),
    );

    app.post<{ Params: IdParams }>(
      '/api/alerts/:id/acknowledge',
      { config: { access: { kind: 'action', action: 'alert.handle' } }, schema: { tags: ['alerts'], summary: 'The operator has seen the alert (new → acknowledged) and becomes its handler' } },
      async (request) => {
        const alert = await service.acknowledge(request.params.id, alertActor(request.actor));
        note(request, 'alert.acknowledge', alert);
        return alert;
      },
    );

    app.post<{ Params: IdParams }>(
      '/api/alerts/:id/handle',
      { config: { access: { kind: 'action', action: 'alert.handle' } }, schema: { tags: ['alerts'], summary: 'The operator takes the alert in hand (→ handling), or over from another' } },
      async (request) => {
        const alert = await service.handle(request.params.id, alertActor(request.actor));
        note(request, 'alert.handle', alert);
        return alert;
      },
    );

    app.post<{ Params: IdParams; Body: Static<typeof EscalateBody> }>(
      '/api/alerts/:id/escalate',
      {
        config: { access: { kind: 'action', action: 'alert.handle' } },
        schema: { tags: ['alerts'], summary: 'One escalation step: the service called (17, 18, 15, 112, police_municipale), when, the answer', body: EscalateBody },
      },
      async (request) => {
        const alert = await service.escalate(request.params.id, request.body, alertActor(request.actor));
        note(request, 'alert.escalate', alert, { service: request.body.service, answer: request.body.answer ?? '' });
        return alert;
      },
    );

    app.post<{ Params: IdParams; Body: Static<typeof CloseBody> }>(
      '/api/alerts/:id/close',
      {
        config: { access: { kind: 'action', action: 'alert.handle' } },
        schema: { tags: ['alerts'], summary: 'Close with the verdict (true_alarm, false_alarm) and the outcome, both required', body: CloseBody },
      },
      async (request) => {
        const alert = await service.close(request.params.id, request.body, alertActor(request.actor));
        note(request, 'alert.close', alert, { verdict: alert.verdict, outcome: alert.outcome });
        return alert;
      },
    );

    app.get(
      '/api/oplog',
      { config: { access: { kind: 'action', action: 'oplog.read' } }, schema: { tags: ['alerts'], summary: 'The operations log (main courante), newest first (from, to)' } },
      async (request) => {
        const query = request.query as Record<string, string | undefined>;
        return oplog.list({ fromMs: msQuery(query, 'from'), toMs: msQuery(query, 'to') });
      },
    );

    app.post<{ Body: Static<typeof OplogBody> }>(
      '/api/oplog',
      { config: { access: { kind: 'action', action: 'oplog.write' } }, schema: { tags: ['alerts'], summary: 'An entry written by hand in the operations log', body: OplogBody } },
      async (request, reply) => {
        const cameraId = request.body.cameraId === undefined || request.body.cameraId === '' ? null : request.body.cameraId;
        const communeInsee = cameraId === null ? null : ((await deps.cameraCommune(cameraId)) ?? null);
        if (cameraId !== null && communeInsee === null) throw new VigieError('VIGIE_ALERT_FIELD_INVALID', `no camera ${cameraId}`, { status: 400, context: { field: 'cameraId' } });
        const entry = await oplog.write({ kind: 'manual', text: request.body.text, cameraId, communeInsee }, alertActor(request.actor));
        noteJournal(request, { action: 'oplog.write', target: { type: 'oplog-entry', id: entry.id, ...(cameraId === null ? {} : { cameraId }), ...(communeInsee === null ? {} : { communeInsee }) } });
        reply.code(201);
        return entry;
      },
    );

    app.get(
      '/api/oplog/handover',
      {
        config: { access: { kind: 'action', action: 'oplog.read' } },
        schema: { tags: ['alerts'], summary: 'Printable shift handover (HTML): open alerts and the log since `from` (default: the last 12 hours)' },
      },
      async (request, reply) => {
        const query = request.query as Record<string, string | undefined>;
        const toMs = deps.clock.now();
        const fromMs = msQuery(query, 'from') ?? toMs - SHIFT_MS;
        const [openAlerts, entries] = await Promise.all([service.list({ open: true }), oplog.list({ fromMs, toMs: toMs + 1 })]);
        const names = new Map<string, string>();
        for (const id of new Set(openAlerts.map((a) => a.cameraId))) names.set(id, (await deps.cameraName(id)) ?? id);
        reply.type('text/html; charset=utf-8');
        return handoverHtml({ fromMs, toMs, by: request.actor?.username ?? '', openAlerts, entries, cameraName: (id) => names.get(id) ?? id });
      },
    );

    app.get(
      '/api/analytics/legal-bases',
      { config: { access: { kind: 'action', action: 'analytics.read' } }, schema: { tags: ['alerts'], summary: 'Legal bases recorded for algorithmic analysis' } },
      async () => governance.bases(),
    );

    app.post<{ Body: Static<typeof BasisBody> }>(
      '/api/analytics/legal-bases',
      { config: { access: { kind: 'action', action: 'analytics.manage' } }, schema: { tags: ['alerts'], summary: 'Record a legal basis (authority, reference, validity)', body: BasisBody } },
      async (request, reply) => {
        const basis = await governance.addBasis(request.body, alertActor(request.actor));
        noteJournal(request, {
          action: 'analytics.basis',
          target: { type: 'analytics-basis', id: basis.id },
          details: { authority: basis.authority, reference: basis.reference, validFrom: basis.validFrom, validTo: basis.validTo },
        });
        reply.code(201);
        return basis;
      },
    );

    app.get(
      '/api/analytics/activations',
      {
        config: { access: { kind: 'action', action: 'analytics.read' } },
        schema: { tags: ['alerts'], summary: 'Rule activations (active=true: those running), the catalogue and whether the extended profile is allowed' },
      },
      async (request) => ({
        activations: (await governance.activations({ active: (request.query as Record<string, string | undefined>)['active'] === 'true' })).map((activation) => ({
          ...activation,
          analysis: activation.state === 'active' ? (governance.analysisStatus(activation.cameraId) ?? null) : null,
        })),
        catalogue: Object.entries(RULES).map(([rule, info]) => {
          // The console's plain French description, honest limits and editable thresholds (defaults) of each rule.
          const spec = RULE_CATALOGUE[rule as keyof typeof RULE_CATALOGUE];
          return { rule, label: info.label, profile: info.profile, description: spec.description, limits: spec.limits, thresholds: spec.thresholds };
        }),
        extendedProfile: governance.extendedProfile,
      }),
    );

    app.post<{ Body: Static<typeof ActivationBody> }>(
      '/api/analytics/activations',
      {
        config: { access: { kind: 'action', action: 'analytics.manage' } },
        schema: { tags: ['alerts'], summary: 'Activate a rule on a camera under a valid legal basis (zone or line, thresholds, PTZ preset)', body: ActivationBody },
      },
      async (request, reply) => {
        const body = request.body;
        const activation = await governance.activate(
          { ...body, line: body.line === undefined ? undefined : [body.line[0] as [number, number], body.line[1] as [number, number]], zone: body.zone as [number, number][] | undefined },
          alertActor(request.actor),
        );
        noteJournal(request, {
          action: 'analytics.activate',
          target: { type: 'analytics-activation', id: activation.id, cameraId: activation.cameraId, communeInsee: activation.communeInsee },
          details: { rule: activation.rule, profile: activation.profile, legalBasisId: activation.legalBasisId, settings: activation.settings },
        });
        reply.code(201);
        return activation;
      },
    );

    app.post<{ Params: IdParams }>(
      '/api/analytics/activations/:id/stop',
      { config: { access: { kind: 'action', action: 'analytics.manage' } }, schema: { tags: ['alerts'], summary: 'Stop a running rule activation' } },
      async (request) => {
        const activation = await governance.stop(request.params.id, alertActor(request.actor));
        noteJournal(request, {
          action: 'analytics.stop',
          target: { type: 'analytics-activation', id: activation.id, cameraId: activation.cameraId, communeInsee: activation.communeInsee },
          details: { rule: activation.rule },
        });
        return activation;
      },
    );
  };
}
