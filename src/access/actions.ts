// Every action a subject can attempt, and the roles. One `as const` list is both the union type and its
// runtime check. The policy (policy.ts) decides each (subject, action, resource) with a reason.

export const ROLES = ['operator', 'room_lead', 'administrator', 'mayor', 'municipal_police', 'investigator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose video access is limited to their own commune(s). */
export const COMMUNE_SCOPED_ROLES: readonly Role[] = ['mayor', 'municipal_police'];

export const ACTIONS = [
  // own session
  'session.read',
  // accounts and tokens (administrator)
  'user.read',
  'user.manage',
  'token.create',
  'token.manage',
  // login lockouts in force (room leads see them; administrators also lift them through user.manage)
  'lockout.read',
  // journal (auditor, administrator)
  'journal.read',
  // territory and inventory
  'territory.read',
  'territory.manage',
  'camera.list',
  'camera.read',
  'camera.manage',
  // privacy masks burned into a camera's picture (administrators)
  'mask.manage',
  // video: each is per camera and journaled
  'video.live',
  'video.playback',
  'video.snapshot',
  'video.export',
  'ptz.control',
  // recording and retention
  'recording.read',
  'hold.manage',
  'retention.read',
  'retention.manage',
  // operations
  'metrics.read',
  'system.read',
  // the video wall (src/wall): its state, pushing to its monitors, configuring monitors and presets, being a monitor
  'wall.read',
  'wall.control',
  'wall.manage',
  'wall.display',
  // saved mosaics and tours of one's own (shared ones: wall.manage)
  'mosaic.save',
  // mayors' live-watch requests (src/watch): sending one for one's commune, reviewing them, seeing them
  'watch.request',
  'watch.review',
  'watch.read',
  // reports per commune and for the centre, and the printable registers (src/registers)
  'report.read',
  'register.read',
  // the health page: cameras down, recording gaps, the server's load (room leads, administrators)
  'health.read',
  // judicial requisitions (src/investigations): registering one (an investigator, a room lead on his behalf),
  // reading them (an investigator: his own), reviewing, extracting and handing over (room lead); registering on an
  // investigator's behalf, which lists the active investigator accounts to choose from (room lead); citizens' access requests
  'requisition.request',
  'requisition.read',
  'requisition.review',
  'requisition.delegate',
  'access-request.manage',
  // the forensic search over recorded detections (src/investigations): room leads; investigators within their
  // requisitions' scope (each camera and range confirmed by the playback policy)
  'detection.search',
  // following a vehicle or person across the territory (src/investigations): reading the camera topology (room
  // leads, administrators, auditors; investigators on their requisitions' cameras), editing it (room leads,
  // administrators), proposing next cameras and chaining sightings into a trajectory (room leads; investigators
  // within their requisitions)
  'topology.read',
  'topology.manage',
  'trajectory.follow',
  // alerts from algorithmic analysis and the operations log (src/alerts): seeing the queue, handling alerts,
  // reading and writing the main courante; analytics governance (legal bases, rule activations)
  'alert.read',
  'alert.handle',
  'oplog.read',
  'oplog.write',
  'analytics.read',
  'analytics.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Actions that touch video: each use is written to the journal with its camera. */
export const VIDEO_ACTIONS = ['video.live', 'video.playback', 'video.snapshot', 'video.export', 'ptz.control'] as const satisfies readonly Action[];

/** Actions on recorded pictures: each request names the footage (a time range), checked against the subject's window. */
export const RECORDED_PICTURE_ACTIONS = ['video.playback', 'video.snapshot', 'video.export'] as const satisfies readonly Action[];

/**
 * Actions whose resource is one camera: the policy refuses them unless the request names the camera (and so its
 * commune). Lists of camera data are declared as such by their route and filtered with the subject's scope.
 */
export const CAMERA_ACTIONS = ['camera.read', 'recording.read', 'hold.manage', ...VIDEO_ACTIONS] as const satisfies readonly Action[];
export type CameraAction = (typeof CAMERA_ACTIONS)[number];
/** What a route that touches no camera may declare. */
export type NonCameraAction = Exclude<Action, CameraAction>;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
