// Sectors as GET /api/sectors answers them, and the French sentences of a refused sector change.
import { ApiError } from '../api/client.js';
import { readPolygons } from '../api/contracts.js';
import { explainIssue } from './estate-labels.js';

export interface Sector {
  readonly id: string;
  readonly name: string;
  readonly sensitive: boolean;
  /** INSEE code, or null for a sector spanning several communes. */
  readonly commune: string | null;
  readonly area: unknown;
  readonly polygons: ReadonlyArray<ReadonlyArray<ReadonlyArray<readonly [number, number]>>>;
  readonly cameraIds: readonly string[];
}

export function readSectors(payload: unknown): Sector[] {
  if (!Array.isArray(payload)) return [];
  return payload.flatMap((value): Sector[] => {
    if (typeof value !== 'object' || value === null) return [];
    const r = value as Record<string, unknown>;
    if (typeof r['id'] !== 'string' || typeof r['name'] !== 'string') return [];
    return [
      {
        id: r['id'],
        name: r['name'],
        sensitive: r['sensitive'] === true,
        commune: typeof r['commune'] === 'string' ? r['commune'] : null,
        area: r['area'] ?? null,
        polygons: readPolygons(r['area']),
        cameraIds: Array.isArray(r['cameraIds']) ? r['cameraIds'].filter((id): id is string => typeof id === 'string') : [],
      },
    ];
  });
}

/** Why a sector was not saved, in French, never the server's text. */
export function sectorRefusal(failure: unknown): string[] {
  if (failure instanceof ApiError) {
    const errors = Array.isArray(failure.details['errors']) ? (failure.details['errors'] as Array<Record<string, unknown>>) : [];
    if (errors.length > 0) return errors.map((e) => explainIssue(`sector.${String(e['field'] ?? '')}`, typeof e['reason'] === 'string' ? e['reason'] : undefined));
    if (failure.code === 'VIGIE_NAME_TAKEN') return ['Nom : un autre secteur porte déjà ce nom.'];
    if (failure.code === 'VIGIE_SECTOR_NOT_FOUND') return ['Ce secteur n’existe plus (supprimé entre-temps) : rechargez la page.'];
    if (failure.status === 400) return ['Un champ est invalide : vérifiez le nom, la zone et les caméras.'];
    if (failure.status === 403) return ['Votre rôle ne permet pas de modifier les secteurs.'];
    if (failure.status === 0) return ['Serveur Vigie injoignable : rien n’a été enregistré.'];
  }
  return ['L’enregistrement a échoué (erreur du serveur) : rien n’a été modifié.'];
}
