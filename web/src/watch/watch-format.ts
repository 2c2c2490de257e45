// How a live-watch request reads in the console: its window in French dates, its cameras by name.
import type { WatchRequest } from '../api/contracts.js';
import { parisDateFr, parisTimeInput } from '../time/paris.js';

/** JJ/MM/AAAA HH:MM in Paris. */
export function frenchDateTime(ms: number): string {
  return `${parisDateFr(ms)} ${parisTimeInput(ms).slice(0, 5)}`;
}

/** « du 05/12/2026 14:30 au 05/12/2026 18:00 », the day said once when both ends fall on it. */
export function frenchWindow(fromMs: number, toMs: number): string {
  const sameDay = parisDateFr(fromMs) === parisDateFr(toMs);
  return sameDay ? `le ${parisDateFr(fromMs)} de ${parisTimeInput(fromMs).slice(0, 5)} à ${parisTimeInput(toMs).slice(0, 5)}` : `du ${frenchDateTime(fromMs)} au ${frenchDateTime(toMs)}`;
}

/** The cameras the request covers now: those the room lead chose once accepted, else those asked for. */
export function watchedCameras(request: WatchRequest): readonly string[] {
  return request.acceptedCameraIds ?? request.cameraIds;
}
