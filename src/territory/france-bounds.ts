// Where a French municipal camera can stand: metropolitan France with Corsica, the five overseas departments,
// and the overseas collectivities whose communes carry INSEE codes (975, 977, 978, 986, 987, 988). Each is a
// generous bounding box (WGS 84, about 10 km of margin over the coastline), enough to catch swapped latitude
// and longitude, a forgotten minus sign or a point in the sea off Africa, which is what an import gets wrong.
import type { Position } from './model.js';

export interface FrenchArea {
  readonly name: string;
  readonly south: number;
  readonly north: number;
  readonly west: number;
  readonly east: number;
}

export const FRENCH_AREAS: readonly FrenchArea[] = [
  { name: 'France métropolitaine et Corse', south: 41.25, north: 51.2, west: -5.3, east: 9.7 },
  { name: 'Guadeloupe', south: 15.8, north: 16.6, west: -61.9, east: -60.9 },
  { name: 'Martinique', south: 14.35, north: 14.95, west: -61.3, east: -60.75 },
  { name: 'Guyane', south: 2.05, north: 5.85, west: -54.65, east: -51.5 },
  { name: 'La Réunion', south: -21.45, north: -20.8, west: 55.15, east: 55.9 },
  { name: 'Mayotte', south: -13.1, north: -12.55, west: 44.95, east: 45.35 },
  { name: 'Saint-Pierre-et-Miquelon', south: 46.7, north: 47.2, west: -56.5, east: -56.05 },
  { name: 'Saint-Martin et Saint-Barthélemy', south: 17.8, north: 18.2, west: -63.2, east: -62.7 },
  { name: 'Wallis-et-Futuna', south: -14.45, north: -13.1, west: -178.3, east: -176.05 },
  { name: 'Polynésie française', south: -28, north: -7.8, west: -154.8, east: -134.3 },
  { name: 'Nouvelle-Calédonie', south: -22.9, north: -19.4, west: 163.5, east: 168.2 },
];

export function frenchAreaOf(position: Position): FrenchArea | undefined {
  return FRENCH_AREAS.find((a) => position.lat >= a.south && position.lat <= a.north && position.lon >= a.west && position.lon <= a.east);
}
