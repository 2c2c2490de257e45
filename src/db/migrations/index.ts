// The ordered list of migrations. Names sort in the order they must run; never rename or edit one that shipped.
import type { Migration } from 'kysely';
import * as access from './2026-11-25-01-access.js';
import * as journal from './2026-11-25-02-journal.js';
import * as territory from './2026-11-25-03-territory.js';
import * as recording from './2026-11-25-04-recording.js';
import * as loginAttempts from './2026-12-04-01-login-attempts.js';
import * as tokenOwner from './2026-12-04-02-token-owner.js';
import * as wall from './2026-12-05-01-wall.js';
import * as bookmarks from './2026-12-05-02-bookmarks.js';
import * as workspace from './2026-12-05-03-workspace.js';
import * as watchRequests from './2026-12-05-04-watch-requests.js';
import * as habilitations from './2026-12-05-05-habilitations.js';
import * as cameraEstate from './2026-12-05-06-camera-estate.js';
import * as ptz from './2026-12-05-07-ptz.js';
import * as masks from './2026-12-05-08-masks.js';
import * as analytics from './2026-12-05-09-analytics.js';
import * as alerts from './2026-12-05-10-alerts.js';
import * as investigations from './2026-12-05-11-investigations.js';
import * as detectionsSearch from './2026-12-05-12-detections-search.js';
import * as trajectories from './2026-12-05-13-trajectories.js';
import * as sessionTimeBox from './2026-12-05-14-session-time-box.js';
import * as ptzCalibration from './2026-12-05-15-ptz-calibration.js';
import * as sectorCommune from './2026-12-05-16-sector-commune.js';
import * as requisitionExtensions from './2026-12-05-18-requisition-extensions.js';
import * as maskPush from './2026-12-05-19-mask-push.js';
import * as requisitionBookmarks from './2026-12-05-21-requisition-bookmarks.js';

export const migrations: Record<string, Migration> = {
  '2026-11-25-01-access': access,
  '2026-11-25-02-journal': journal,
  '2026-11-25-03-territory': territory,
  '2026-11-25-04-recording': recording,
  '2026-12-04-01-login-attempts': loginAttempts,
  '2026-12-04-02-token-owner': tokenOwner,
  '2026-12-05-01-wall': wall,
  '2026-12-05-02-bookmarks': bookmarks,
  '2026-12-05-03-workspace': workspace,
  '2026-12-05-04-watch-requests': watchRequests,
  '2026-12-05-05-habilitations': habilitations,
  '2026-12-05-06-camera-estate': cameraEstate,
  '2026-12-05-07-ptz': ptz,
  '2026-12-05-08-masks': masks,
  '2026-12-05-09-analytics': analytics,
  '2026-12-05-10-alerts': alerts,
  '2026-12-05-11-investigations': investigations,
  '2026-12-05-12-detections-search': detectionsSearch,
  '2026-12-05-13-trajectories': trajectories,
  '2026-12-05-14-session-time-box': sessionTimeBox,
  '2026-12-05-15-ptz-calibration': ptzCalibration,
  '2026-12-05-16-sector-commune': sectorCommune,
  '2026-12-05-18-requisition-extensions': requisitionExtensions,
  '2026-12-05-19-mask-push': maskPush,
  '2026-12-05-21-requisition-bookmarks': requisitionBookmarks,
};
