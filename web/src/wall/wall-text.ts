// The wall's words: French sentences for the server's error codes, a one-line description of what a monitor
// shows, the current step of a tour, and the console's command line ("12 > 3", "caméra 12 sur moniteur 3").
import type { WallAssignment, WallGrid, WallTourStep } from '../api/contracts.js';

/** What a console asks a monitor to show (PUT …/assignment, a preset's entries). */
export type AssignmentInput =
  | { kind: 'camera'; cameraId: string }
  | { kind: 'layout'; layoutId: string }
  | { kind: 'layout'; layout: WallGrid & { name: string } }
  | { kind: 'tour'; tourId: string }
  | { kind: 'alarm' }
  | { kind: 'empty' };

const MESSAGES: Readonly<Record<string, string>> = {
  VIGIE_WALL_MONITOR_NOT_FOUND: 'Ce moniteur n’existe pas sur le mur d’images.',
  VIGIE_WALL_MONITOR_INVALID: 'Identifiant, nom ou position de moniteur invalide ou déjà pris.',
  VIGIE_WALL_CAMERA_FORBIDDEN: 'Vous n’êtes pas autorisé à afficher cette caméra (hors de vos communes).',
  VIGIE_CAMERA_NOT_FOUND: 'Cette caméra n’existe pas.',
  VIGIE_WALL_NO_ALARM_MONITOR: 'Aucun moniteur n’est réglé en moniteur d’alarme.',
  VIGIE_WALL_PRESET_NOT_FOUND: 'Ce préréglage n’existe plus.',
  VIGIE_WALL_PRESET_INVALID: 'Préréglage invalide (nom déjà pris ou aucun moniteur).',
  VIGIE_LAYOUT_INVALID: 'Disposition invalide : au plus 5 × 5, des vignettes dans la grille et sans chevauchement.',
  VIGIE_LAYOUT_NOT_FOUND: 'Cette disposition enregistrée n’existe plus (ou ne vous est pas accessible).',
  VIGIE_TOUR_INVALID: 'Ronde invalide : de 1 à 100 étapes, chacune de 3 s à 1 h.',
  VIGIE_TOUR_NOT_FOUND: 'Cette ronde enregistrée n’existe plus (ou ne vous est pas accessible).',
  VIGIE_WALL_SHARED_FORBIDDEN: 'Les dispositions et rondes partagées sont modifiées par le chef de salle.',
  VIGIE_WALL_DEVICE_REFUSED: 'Jeton d’affichage refusé : inconnu, révoqué, expiré, ou avec plus de droits que l’affichage du mur.',
  VIGIE_FORBIDDEN: 'Votre rôle ne permet pas cette action sur le mur d’images.',
  VIGIE_AUTH_REQUIRED: 'Session terminée : reconnectez-vous.',
  VIGIE_ACCESS_REVOKED: 'L’accès de cet écran au mur a été retiré.',
  VIGIE_VALIDATION_FAILED: 'Demande mal formée.',
  NETWORK: 'Serveur Vigie injoignable.',
};

export function wallErrorMessage(code: string): string {
  return MESSAGES[code] ?? 'Le serveur a refusé la demande.';
}

export type CameraName = (cameraId: string) => string;

/** `nowMs` (server time) names a tour's current step. */
export function describeAssignment(assignment: WallAssignment, name: CameraName, nowMs: number): string {
  switch (assignment.kind) {
    case 'empty':
      return 'Aucune image';
    case 'camera':
      return assignment.cameraId === null ? 'Caméra non autorisée' : name(assignment.cameraId);
    case 'layout':
      return `Mosaïque « ${assignment.name} » (${assignment.tiles.filter((t) => t.cameraId !== null).length} caméras)`;
    case 'tour':
      return `Ronde « ${assignment.name} », étape ${tourPosition(assignment.steps, assignment.startedAt, nowMs).index + 1} sur ${assignment.steps.length}`;
    case 'alarm':
      return assignment.cameraIds.length === 0 ? 'Moniteur d’alarme, en attente' : `Moniteur d’alarme (${assignment.cameraIds.length} caméra${assignment.cameraIds.length > 1 ? 's' : ''})`;
  }
}

/** Where a tour stands at `nowMs` (server time): the step shown and when the next one starts. Every viewer agrees. */
export function tourPosition(steps: readonly WallTourStep[], startedAt: number, nowMs: number): { index: number; nextAt: number } {
  const cycle = steps.reduce((sum, s) => sum + s.dwellSeconds * 1000, 0);
  if (cycle <= 0) return { index: 0, nextAt: Number.POSITIVE_INFINITY };
  const elapsed = Math.max(0, nowMs - startedAt);
  let into = elapsed % cycle;
  const cycleStart = nowMs - into;
  let at = cycleStart;
  for (let index = 0; index < steps.length; index += 1) {
    const dwell = (steps[index] as WallTourStep).dwellSeconds * 1000;
    if (into < dwell) return { index, nextAt: at + dwell };
    into -= dwell;
    at += dwell;
  }
  return { index: 0, nextAt: cycleStart + cycle };
}

/** The grid a tour's step shows: its layout, or its camera alone. */
export function stepGrid(step: WallTourStep): WallGrid {
  return 'layout' in step ? step.layout : { cols: 1, rows: 1, tiles: [{ col: 0, row: 0, colSpan: 1, rowSpan: 1, cameraId: step.cameraId }] };
}

export type WallCommand =
  | { readonly kind: 'camera'; readonly camera: number; readonly monitor: string }
  | { readonly kind: 'empty'; readonly monitor: string }
  | { readonly kind: 'alarm'; readonly monitor: string }
  | { readonly kind: 'preset'; readonly name: string };

/**
 * Reads one command: "12 > 3" or "caméra 12 sur moniteur 3" (camera number 12 of the list on monitor 3),
 * "vide > 3", "alarme > 3", "préréglage Nuit". Undefined when the line is not understood.
 */
export function parseWallCommand(line: string): WallCommand | undefined {
  const text = line
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ');
  // The preset's name keeps its capitals and accents: it is looked up as written in the buttons.
  if (/^(?:preset|prereglage|p) ./.test(text)) return { kind: 'preset', name: line.trim().replace(/^\S+\s+/, '') };
  const match = /^(?:(?:camera|cam|c) ?)?(\d+|vide|alarme) ?(?:>|sur|->|vers) ?(?:(?:moniteur|mon|m) ?)?([a-z0-9_-]+)$/.exec(text);
  if (match === null) return undefined;
  const [, what, monitor] = match as unknown as [string, string, string];
  if (what === 'vide') return { kind: 'empty', monitor };
  if (what === 'alarme') return { kind: 'alarm', monitor };
  return { kind: 'camera', camera: Number(what), monitor };
}
