// Who controls a PTZ camera now. A person who moves a camera holds it for the hold time (each command extends
// it); someone of higher priority takes over and the previous holder is told who; equal or lower priority is
// refused while the hold lasts. Guard tours hold nothing: they run only while no one holds the camera.
import { VigieError } from '../core/errors.js';

/** Who drives a camera: a person (by role), an alert's automatic preset, or a guard tour. */
export type PtzController =
  | { readonly kind: 'user'; readonly id: string; readonly username: string; readonly role: string }
  | { readonly kind: 'alert'; readonly id: string; readonly label: string }
  | { readonly kind: 'tour'; readonly id: string; readonly label: string };

/**
 * Higher wins. Room leads over operators (and the commune roles, if ever granted ptz.control); an alert's preset
 * over a tour but not over a person at the joystick. Administrators have no video rights (docs/access.md); were
 * they granted ptz.control they would rank with room leads.
 */
export const ROLE_PRIORITY: Readonly<Record<string, number>> = { room_lead: 30, administrator: 30, operator: 20, municipal_police: 20, mayor: 20 };
export const ALERT_PRIORITY = 10;
export const TOUR_PRIORITY = 0;

export function priorityOf(controller: PtzController): number {
  if (controller.kind === 'tour') return TOUR_PRIORITY;
  if (controller.kind === 'alert') return ALERT_PRIORITY;
  return ROLE_PRIORITY[controller.role] ?? 10;
}

export function controllerName(controller: PtzController): string {
  return controller.kind === 'user' ? controller.username : controller.label;
}

export interface PtzHolder {
  readonly kind: PtzController['kind'];
  readonly id: string;
  readonly name: string;
  /** Role for people; 'alert' / 'tour' otherwise. */
  readonly role: string;
  readonly priority: number;
  readonly sinceMs: number;
  readonly untilMs: number;
}

export interface TakeOver {
  readonly cameraId: string;
  readonly by: { readonly name: string; readonly role: string };
  readonly atMs: number;
}

/** What a caller sees of a camera's control. */
export interface PtzControlState {
  readonly holder: PtzHolder | null;
  readonly youHold: boolean;
  /** The last time someone took this camera from the caller, if the caller has not moved it since. */
  readonly takenFromYou: TakeOver | null;
}

const roleOf = (controller: PtzController): string => (controller.kind === 'user' ? controller.role : controller.kind);

export class HoldTable {
  readonly #holds = new Map<string, PtzHolder>();
  /** `${cameraId} ${holderId}` → the take-over that ended that holder's hold. */
  readonly #takenOver = new Map<string, TakeOver>();
  readonly #holdMs: number;

  constructor(holdMs: number) {
    this.#holdMs = holdMs;
  }

  /** The camera's holder while the hold lasts. */
  holder(cameraId: string, nowMs: number): PtzHolder | undefined {
    const hold = this.#holds.get(cameraId);
    if (hold !== undefined && hold.untilMs <= nowMs) {
      this.#holds.delete(cameraId);
      return undefined;
    }
    return hold;
  }

  /**
   * Takes or extends the hold for `controller`, or throws VIGIE_PTZ_HELD. Returns the hold it replaced when it
   * took the camera from someone else (so the caller can end that person's move session).
   */
  acquire(cameraId: string, controller: PtzController, nowMs: number): { readonly hold: PtzHolder; readonly replaced?: PtzHolder } {
    const current = this.holder(cameraId, nowMs);
    const priority = priorityOf(controller);
    if (current !== undefined && current.id !== controller.id && priority <= current.priority) {
      throw new VigieError(
        'VIGIE_PTZ_HELD',
        `La caméra est pilotée par ${current.name} (${roleLabel(current.role)}) jusqu'à ${new Date(current.untilMs).toISOString()} ; une priorité supérieure est nécessaire pour la reprendre.`,
        { status: 409, context: { holder: { name: current.name, role: current.role, untilMs: current.untilMs } } },
      );
    }
    this.#takenOver.delete(`${cameraId} ${controller.id}`);
    const hold: PtzHolder = {
      kind: controller.kind,
      id: controller.id,
      name: controllerName(controller),
      role: roleOf(controller),
      priority,
      sinceMs: current?.id === controller.id ? current.sinceMs : nowMs,
      untilMs: nowMs + this.#holdMs,
    };
    this.#holds.set(cameraId, hold);
    if (current === undefined || current.id === controller.id) return { hold };
    this.#takenOver.set(`${cameraId} ${current.id}`, { cameraId, by: { name: hold.name, role: hold.role }, atMs: nowMs });
    return { hold, replaced: current };
  }

  /** Ends the hold of this controller (a person pressing "Rendre la main"). */
  release(cameraId: string, controllerId: string): PtzHolder | undefined {
    const hold = this.#holds.get(cameraId);
    if (hold?.id !== controllerId) return undefined;
    this.#holds.delete(cameraId);
    return hold;
  }

  state(cameraId: string, viewerId: string | undefined, nowMs: number): PtzControlState {
    const holder = this.holder(cameraId, nowMs) ?? null;
    return {
      holder,
      youHold: holder !== null && viewerId !== undefined && holder.id === viewerId,
      takenFromYou: viewerId === undefined ? null : (this.#takenOver.get(`${cameraId} ${viewerId}`) ?? null),
    };
  }

  /** Holds that ended by themselves since the last call (for closing their move sessions). */
  expired(nowMs: number): Array<{ cameraId: string; hold: PtzHolder }> {
    const ended: Array<{ cameraId: string; hold: PtzHolder }> = [];
    for (const [cameraId, hold] of this.#holds) {
      if (hold.untilMs <= nowMs) {
        this.#holds.delete(cameraId);
        ended.push({ cameraId, hold });
      }
    }
    return ended;
  }
}

export function roleLabel(role: string): string {
  return (
    (
      { operator: 'opérateur', room_lead: 'chef de salle', administrator: 'administrateur', mayor: 'maire', municipal_police: 'police municipale', alert: 'alerte', tour: 'ronde' } as Record<
        string,
        string
      >
    )[role] ?? role
  );
}
