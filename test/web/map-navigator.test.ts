// The map's projection and the navigator's tree, as pure functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Camera, CameraPlacement } from '../../web/src/api/contracts.js';
import { readCommuneOutlines } from '../../web/src/api/contracts.js';
import { boundsOf, fitBounds, insidePolygon, metresToPixels, project, tilesFor, toScreen, unproject, zoomAround } from '../../web/src/map/projection.js';
import { NO_SECTOR, buildTree } from '../../web/src/navigator/tree-model.js';

test('Web Mercator: Chartres projects and comes back, and matches the XYZ tile grid', () => {
  const p = project(1.4892, 48.4469);
  const back = unproject(p);
  assert.ok(Math.abs(back.lon - 1.4892) < 1e-9 && Math.abs(back.lat - 48.4469) < 1e-9);
  // Chartres is in tile 12/2064/1416 (slippy-map formula: y = (1 − asinh(tan φ) / π) / 2 × 2^z).
  assert.equal(Math.floor(p.x * 2 ** 12), 2064);
  assert.equal(Math.floor(p.y * 2 ** 12), 1416);
  // At zoom 17, 1.194 m per pixel at the equator, 0.79 m at 48.45°N: 100 m is about 126 px.
  assert.ok(Math.abs(metresToPixels(100, 48.4469, 17) - 126.3) < 1);
});

test('fit shows the bounds whole; zoom keeps the point under the pointer', () => {
  const size = { width: 1000, height: 700 };
  const bounds = boundsOf([project(1.3, 48.3), project(1.7, 48.6)]);
  assert.ok(bounds !== null);
  const view = fitBounds(bounds, size, 40);
  const [left, top] = toScreen(view, size, { x: bounds.minX, y: bounds.minY });
  const [right, bottom] = toScreen(view, size, { x: bounds.maxX, y: bounds.maxY });
  assert.ok(left >= 39.9 && top >= 39.9 && right <= 960.1 && bottom <= 660.1);
  assert.ok(Math.abs(left - 40) < 0.5 || Math.abs(top - 40) < 0.5, 'one side touches the padding');
  const anchor = toScreen(view, size, project(1.5, 48.45));
  const zoomed = zoomAround(view, size, anchor[0], anchor[1], 1.5);
  const after = toScreen(zoomed, size, project(1.5, 48.45));
  assert.ok(Math.abs(after[0] - anchor[0]) < 1e-6 && Math.abs(after[1] - anchor[1]) < 1e-6);
});

test('lasso test and tiles', () => {
  const square: Array<[number, number]> = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
  ];
  assert.equal(insidePolygon([5, 5], square), true);
  assert.equal(insidePolygon([15, 5], square), false);
  const view = fitBounds(boundsOf([project(1.3, 48.3), project(1.7, 48.6)])!, { width: 512, height: 512 }, 0);
  const tiles = tilesFor('http://tiles.local/{z}/{x}/{y}.png', view, { width: 512, height: 512 });
  assert.ok(tiles.length >= 4 && tiles.length <= 16);
  assert.match(tiles[0]!.url, /^http:\/\/tiles\.local\/\d+\/\d+\/\d+\.png$/);
});

test('reads the outlines FeatureCollection (Polygon and MultiPolygon)', () => {
  const outlines = readCommuneOutlines({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        id: '28085',
        properties: { insee: '28085', name: 'Chartres', centroid: { lat: 48.44, lon: 1.5 } },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [1, 48],
              [2, 48],
              [2, 49],
              [1, 48],
            ],
          ],
        },
      },
      {
        type: 'Feature',
        properties: { insee: '28218', name: 'Lucé' },
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [1, 48],
                [2, 48],
                [1, 49],
                [1, 48],
              ],
            ],
            [
              [
                [3, 48],
                [4, 48],
                [3, 49],
                [3, 48],
              ],
            ],
          ],
        },
      },
      { type: 'Feature', properties: {}, geometry: null },
    ],
  });
  assert.deepEqual(
    outlines.map((o) => [o.insee, o.polygons.length, o.centroid !== null]),
    [
      ['28085', 1, true],
      ['28218', 2, false],
    ],
  );
});

test('the tree: commune → sector, sensitive first, « Hors secteur » last, a camera once, watched sectors', () => {
  const camera = (id: string, name: string, commune: string): Camera => ({ id, name, commune, communeName: undefined, type: 'fixed', enabled: true, state: 'online' });
  const cameras = [camera('a', 'Gare', '28085'), camera('b', 'Épars', '28085'), camera('c', 'Marché', '28218'), camera('d', 'Parvis', '28085')];
  const centre = { id: 's1', name: 'Centre-ville', sensitive: true };
  const gares = { id: 's2', name: 'Abords des gares', sensitive: false };
  const placements = new Map<string, CameraPlacement>([
    ['a', { position: null, sectors: [gares, centre], fieldOfView: null }],
    ['b', { position: null, sectors: [centre], fieldOfView: null }],
    ['d', { position: null, sectors: [gares], fieldOfView: null }],
  ]);
  const names: Record<string, string> = { '28085': 'Chartres', '28218': 'Lucé' };
  const tree = buildTree({ cameras, placements, communeName: (i) => names[i] ?? i, query: '', watchedCameras: new Set(['d']), only: null });
  assert.deepEqual(
    tree.map((c) => [c.name, c.sectors.map((s) => [s.name, s.watched, s.cameras.map((x) => x.id)])]),
    [
      [
        'Chartres',
        [
          ['Centre-ville', false, ['b', 'a']],
          ['Abords des gares', true, ['d']],
        ],
      ],
      ['Lucé', [[NO_SECTOR, false, ['c']]]],
    ],
  );
  assert.equal(tree[0]?.watched, true);
  const found = buildTree({ cameras, placements, communeName: (i) => names[i] ?? i, query: 'gares', watchedCameras: new Set(), only: null });
  assert.deepEqual(found.flatMap((c) => c.sectors.flatMap((s) => s.cameras.map((x) => x.id))).sort(), ['a', 'd']);
  const favourites = buildTree({ cameras, placements, communeName: (i) => names[i] ?? i, query: '', watchedCameras: new Set(), only: new Set(['c']) });
  assert.deepEqual(
    favourites.map((c) => c.insee),
    ['28218'],
  );
});
