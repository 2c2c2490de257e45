// The forensic search's vocabulary in the console (what may be searched, in French), the answer as the page
// reads it, and the sentence shown when the server refuses a search. Classes and colours are those the analytics
// pipeline stores (src/analytics: KEPT_CLASSES, COLOUR_NAMES); the server checks them again.
import { ApiError } from '../api/api-error.js';

export const SEARCH_CLASSES: readonly { readonly value: string; readonly label: string }[] = [
  { value: 'person', label: 'Personne' },
  { value: 'car', label: 'Voiture' },
  { value: 'truck', label: 'Camion' },
  { value: 'bus', label: 'Bus' },
  { value: 'motorcycle', label: 'Moto' },
  { value: 'bicycle', label: 'Vélo' },
  { value: 'backpack', label: 'Sac à dos' },
  { value: 'handbag', label: 'Sac à main' },
  { value: 'suitcase', label: 'Valise' },
  { value: 'umbrella', label: 'Parapluie' },
  { value: 'dog', label: 'Chien' },
];

/** French colour names as the pipeline gives them, with the swatch drawn beside each. */
export const SEARCH_COLOURS: readonly { readonly value: string; readonly swatch: string }[] = [
  { value: 'noir', swatch: '#111' },
  { value: 'blanc', swatch: '#f4f4f4' },
  { value: 'gris', swatch: '#8a8a8a' },
  { value: 'marron', swatch: '#7a4a22' },
  { value: 'rouge', swatch: '#d32f2f' },
  { value: 'orange', swatch: '#f57c00' },
  { value: 'jaune', swatch: '#fbc02d' },
  { value: 'vert', swatch: '#388e3c' },
  { value: 'bleu', swatch: '#1e63d6' },
  { value: 'violet', swatch: '#7b1fa2' },
  { value: 'rose', swatch: '#f06292' },
];

/** Directions of motion in the picture (degrees: 0 = towards the right, 90 = down), each a quarter sector. */
export const SEARCH_DIRECTIONS: readonly { readonly value: string; readonly label: string; readonly fromDeg: number; readonly toDeg: number }[] = [
  { value: 'right', label: '→ vers la droite de l’image', fromDeg: 315, toDeg: 45 },
  { value: 'down', label: '↓ vers le bas (s’approche de la caméra)', fromDeg: 45, toDeg: 135 },
  { value: 'left', label: '← vers la gauche de l’image', fromDeg: 135, toDeg: 225 },
  { value: 'up', label: '↑ vers le haut (s’éloigne de la caméra)', fromDeg: 225, toDeg: 315 },
];

export type Point = readonly [number, number];

export interface SearchResult {
  readonly cameraId: string;
  readonly cameraName: string;
  readonly trackId: number;
  readonly className: string;
  readonly classLabel: string;
  readonly firstMs: number;
  readonly lastMs: number;
  readonly atMs: number;
  readonly box: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly colours: readonly string[];
  readonly detections: number;
  readonly position: { readonly lat: number; readonly lon: number };
}

export interface SearchAnswer {
  readonly fromMs: number;
  readonly toMs: number;
  readonly page: number;
  readonly pageSize: number;
  readonly hasMore: boolean;
  readonly cameraIds: readonly string[];
  readonly results: readonly SearchResult[];
}

/** Where a result opens: the synchronized playback of its camera at the object's first instant. */
export const playbackHref = (result: Pick<SearchResult, 'cameraId' | 'firstMs'>): string => `/relecture?cameras=${encodeURIComponent(result.cameraId)}&at=${result.firstMs}`;

/** The search refusals are written in French by the investigations capability (docs/errors.md): shown as they are. */
const FRENCH_SEARCH_CODE = /^VIGIE_SEARCH_[A-Z_]+$/;

export function searchErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'La recherche a échoué de manière inattendue.';
  if (FRENCH_SEARCH_CODE.test(error.code) && error.message !== '') return error.message;
  if (error.code === 'VIGIE_VALIDATION_FAILED') return 'Recherche mal formée : vérifiez les critères.';
  if (error.status === 0) return 'Serveur Vigie injoignable : vérifiez le réseau puis relancez la recherche.';
  if (error.status === 401) return 'Votre session a expiré : reconnectez-vous.';
  if (error.status === 403) return 'Votre rôle ne permet pas cette recherche.';
  return 'Le serveur n’a pas pu faire la recherche ; réessayez ou prévenez l’administrateur.';
}
