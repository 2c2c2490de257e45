// The alerts capability's door: analytics governance (legal bases, rule activations that expire with them),
// alerts from analytics' events (merge, states, verdicts, statistics), escalation to the emergency services,
// the operations log (main courante) with its shift handover, and publication over MQTT and webhooks.
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { Journal } from '../journal/index.js';
import { AnalyticsGovernance, type AnalyticsPort } from './governance.js';
import { OperationsLog } from './oplog.js';
import { createAlertPublisher, type AlertPublishConfig, type AlertPublisher } from './publish.js';
import { AlertService, type AlertPtz, type AlertWall } from './service.js';

export { AnalyticsGovernance, type AnalyticsPort } from './governance.js';
export { AlertService, MERGE_GAP_MS, type AlertPtz, type AlertWall, type AlertListener } from './service.js';
export { OperationsLog } from './oplog.js';
export { alertTopic, alertMessage, type AlertPublishConfig } from './publish.js';
export { alertRoutes } from './routes.js';
export { RULES, ESCALATION_SERVICES, SERVICE_LABELS, type AlertRule, type EscalationService } from './catalogue.js';
export type { Alert, AlertChange, AlertState, Activation, LegalBasis, OplogEntry, VerdictStat, DetectionEvent } from './model.js';
export { ALERTS_ERRORS } from './errors.js';

export interface AlertsDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly journal: Pick<Journal, 'append'>;
  readonly logger: Logger;
  readonly cameraCommune: (cameraId: string) => Promise<string | undefined>;
  readonly extendedProfile: boolean;
  readonly publish: AlertPublishConfig;
  readonly analytics?: AnalyticsPort | undefined;
  readonly ptz?: AlertPtz | undefined;
  readonly wall?: AlertWall | undefined;
}

export interface Alerts {
  readonly governance: AnalyticsGovernance;
  readonly service: AlertService;
  readonly oplog: OperationsLog;
  readonly publisher: AlertPublisher;
  close(): Promise<void>;
}

/** Governance started (expired activations stopped, running ones handed to analytics), publication wired. */
export async function createAlerts(deps: AlertsDeps): Promise<Alerts> {
  const oplog = new OperationsLog(deps.db, deps.clock);
  const governance = new AnalyticsGovernance({
    db: deps.db,
    clock: deps.clock,
    journal: deps.journal,
    logger: deps.logger,
    oplog,
    cameraCommune: deps.cameraCommune,
    extendedProfile: deps.extendedProfile,
    analytics: deps.analytics,
  });
  const service = new AlertService({ db: deps.db, clock: deps.clock, journal: deps.journal, logger: deps.logger, oplog, governance, ptz: deps.ptz, wall: deps.wall });
  const publisher = createAlertPublisher(deps.publish, deps.logger);
  const unsubscribe = service.onChange((change) => publisher.publish(change));
  await governance.start();
  return {
    governance,
    service,
    oplog,
    publisher,
    async close() {
      unsubscribe();
      await governance.close();
      await publisher.close();
    },
  };
}
