// A requisition's cameras as people read them: by name and commune (the server sends them with the requisition;
// an investigator may not list the estate). A camera the server did not name (deleted since): « caméra <id> ».
import type { RequisitionView } from '../api/contracts.js';

/** « Place des Halles (Chartres) », or « caméra <id> » for a camera the requisition does not name. */
export function requisitionCameraName(requisition: Pick<RequisitionView, 'cameras'>, cameraId: string): string {
  const camera = requisition.cameras.find((candidate) => candidate.id === cameraId);
  if (camera === undefined) return `caméra ${cameraId}`;
  return camera.communeName === '' ? camera.name : `${camera.name} (${camera.communeName})`;
}

/** The cameras named, separated by commas. */
export function requisitionCameraNames(requisition: Pick<RequisitionView, 'cameras'>, cameraIds: readonly string[]): string {
  return cameraIds.map((cameraId) => requisitionCameraName(requisition, cameraId)).join(', ');
}
