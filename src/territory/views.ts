// What the API shows of the territory. Cameras appear without credentials (only `hasCredentials`); stream URLs
// are stored without user information and shown only to those who manage cameras (the route decides).
import type { Camera, Commune, CommuneWithOutline, Sector } from './model.js';

export function cameraView(camera: Camera, options: { readonly streams: 'shown' | 'hidden' }) {
  return {
    id: camera.id,
    name: camera.name,
    commune: camera.communeInsee,
    communeName: camera.communeName,
    position: camera.position,
    type: camera.type,
    mounting: camera.mounting,
    retentionDays: camera.retentionDays,
    purposes: camera.purposes,
    enabled: camera.enabled,
    narrowField: camera.narrowField,
    sectors: camera.sectors,
    streams: options.streams === 'shown' ? { main: camera.mainUrl, sub: camera.subUrl } : { main: null, sub: null },
    hasSubStream: camera.subUrl !== null,
    hasCredentials: camera.hasCredentials,
    onvif: camera.onvif,
    fieldOfView: camera.fieldOfView,
    authorisation: camera.authorisation,
    // Filled by the ingest capability once it reports camera health.
    state: 'unknown' as const,
    createdAt: camera.createdAtMs,
    updatedAt: camera.updatedAtMs,
  };
}

export function communeView(commune: Commune) {
  return { insee: commune.insee, name: commune.name, centroid: commune.centroid, population: commune.population, hasOutline: commune.hasOutline };
}

export function communeDetailView(commune: CommuneWithOutline) {
  return { ...communeView(commune), outline: commune.outline };
}

export function sectorView(sector: Sector) {
  return {
    id: sector.id,
    name: sector.name,
    sensitive: sector.sensitive,
    area: sector.area,
    commune: sector.communeInsee,
    cameraIds: sector.cameraIds,
    createdAt: sector.createdAtMs,
    updatedAt: sector.updatedAtMs,
  };
}
