import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseCameras } from './camera-import.js';
import { parseCommunes } from './commune-import.js';
import { parseCsv } from './csv.js';
import { centroidOf, readArea } from './geojson.js';
import { sourceFromText } from './import-rows.js';

const SHARED_GEO = resolve(process.cwd(), '../shared/data/geo');
const sharedSkip = existsSync(SHARED_GEO) ? false : `shared data absent at ${SHARED_GEO}`;

describe('CSV reader', () => {
  it('reads quoted fields, doubled quotes, embedded newlines, CRLF, a BOM and the ";" separator', () => {
    const result = parseCsv('\uFEFFnom;url\r\n"Place ""des"" Épars";"rtsp://h/a;b"\r\n"multi\nline";x\r\n\r\n');
    assert.ok(result.ok);
    assert.equal(result.delimiter, ';');
    assert.deepEqual(
      result.records.map((r) => [r.line, r.cells]),
      [
        [1, ['nom', 'url']],
        [2, ['Place "des" Épars', 'rtsp://h/a;b']],
        [3, ['multi\nline', 'x']],
      ],
    );
  });

  it('names the line of an unbalanced quote', () => {
    const result = parseCsv('a,b\n1,2\n"3,4\n5,6\n');
    assert.equal(result.ok, false);
    assert.equal(result.ok ? 0 : result.line, 3);
    assert.match(result.ok ? '' : result.message, /unbalanced quote/);
  });

  it('refuses text after a closing quote', () => {
    const result = parseCsv('a,b\n"x"y,2\n');
    assert.equal(result.ok ? 0 : result.line, 2);
  });
});

describe('commune import', () => {
  it('reads the real Chartres métropole GeoJSON: 66 communes with outlines and centroids', { skip: sharedSkip }, () => {
    const document = JSON.parse(readFileSync(resolve(SHARED_GEO, 'chartres-metropole-communes.geojson'), 'utf8')) as unknown;
    const result = parseCommunes({ kind: 'geojson', document });
    assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.errors.slice(0, 3)));
    assert.equal(result.communes.length, 66);
    const chartres = result.communes.find((c) => c.insee === '28085');
    assert.equal(chartres?.name, 'Chartres');
    assert.deepEqual(chartres?.centroid, { lat: 48.44695, lon: 1.50569 });
    assert.equal(chartres?.population, 38324);
    assert.equal((JSON.parse(chartres?.outline ?? 'null') as { type: string }).type, 'Polygon');
  });

  it('reads the real CSV (insee_code;nom;…;centroid_lon;centroid_lat)', { skip: sharedSkip }, () => {
    const result = parseCommunes({ kind: 'csv', text: readFileSync(resolve(SHARED_GEO, 'chartres-metropole-communes.csv'), 'utf8') });
    assert.ok(result.ok);
    assert.equal(result.communes.length, 66);
    assert.deepEqual(result.communes.find((c) => c.insee === '28218')?.centroid, { lat: 48.43504, lon: 1.4529 });
    assert.ok(result.communes.every((c) => c.outline === null));
  });

  it('computes centroids from MultiPolygon outlines when none is given (Eure-et-Loir file)', { skip: sharedSkip }, () => {
    const document = JSON.parse(readFileSync(resolve(SHARED_GEO, 'communes-28-eure-et-loir.geojson'), 'utf8')) as unknown;
    const result = parseCommunes({ kind: 'geojson', document });
    assert.ok(result.ok);
    const chartres = result.communes.find((c) => c.insee === '28085');
    assert.ok(chartres !== undefined && Math.abs(chartres.centroid.lat - 48.447) < 0.01 && Math.abs(chartres.centroid.lon - 1.506) < 0.01);
  });

  it('accepts the usual property names (INSEE_COM, code_insee, name)', () => {
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [1, 48],
          [1.1, 48],
          [1.1, 48.1],
          [1, 48.1],
          [1, 48],
        ],
      ],
    };
    const result = parseCommunes({
      kind: 'geojson',
      document: {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { INSEE_COM: '28001', NOM: 'Abondant' }, geometry: square },
          { type: 'Feature', properties: { code_insee: '28002', name: 'Allaines' }, geometry: square },
        ],
      },
    });
    assert.ok(result.ok);
    assert.deepEqual(
      result.communes.map((c) => [c.insee, c.name]),
      [
        ['28001', 'Abondant'],
        ['28002', 'Allaines'],
      ],
    );
    const area = readArea(square);
    assert.ok(area.ok);
    assert.deepEqual(centroidOf(area.value), { lon: 1.05, lat: 48.05 });
  });

  it('refuses GeoJSON that is not a FeatureCollection, and duplicate or malformed lines', () => {
    const notCollection = parseCommunes({ kind: 'geojson', document: { type: 'Feature', properties: {}, geometry: null } });
    assert.equal(notCollection.ok, false);
    assert.match(notCollection.ok ? '' : (notCollection.errors[0]?.message ?? ''), /FeatureCollection/);
    const csv = parseCommunes({ kind: 'csv', text: 'insee,nom,lat,lon\n28085,Chartres,48.4,1.5\n28085,Chartres bis,48.4,1.5\n2808,X,48,1\n' });
    assert.equal(csv.ok, false);
    assert.deepEqual(csv.ok ? [] : csv.errors.map((e) => [e.line, e.field]), [
      [3, 'insee'],
      [4, 'insee'],
    ]);
    const openRing = {
      type: 'Polygon',
      coordinates: [
        [
          [1, 48],
          [1.1, 48],
          [1.1, 48.1],
          [1, 48.2],
        ],
      ],
    };
    const badGeometry = parseCommunes({ kind: 'geojson', document: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '28085', nom: 'C' }, geometry: openRing }] } });
    assert.match(badGeometry.ok ? '' : (badGeometry.errors[0]?.message ?? ''), /end where it starts/);
  });

  it('tells JSON text from CSV text, and reports broken JSON', () => {
    assert.equal((sourceFromText('{"type":"FeatureCollection","features":[]}') as { kind: string }).kind, 'geojson');
    assert.equal((sourceFromText('insee;nom\n') as { kind: string }).kind, 'csv');
    assert.match((sourceFromText('{"type":') as { message: string }).message, /not valid JSON/);
  });
});

describe('camera import parsing', () => {
  const context = {
    isKnownCommune: (insee: string) => insee === '28085',
    defaultRetentionDays: 15,
    sectorId: (ref: string) => (ref === 'Centre-ville' ? 'sector-1' : undefined),
  };

  it('reads GeoJSON Point features with camelCase or snake_case properties', () => {
    const result = parseCameras(
      {
        kind: 'geojson',
        document: {
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', properties: { name: 'A', insee: '28085', main_url: 'rtsp://h/a', sectors: ['Centre-ville'] }, geometry: { type: 'Point', coordinates: [1.5, 48.4] } },
            { type: 'Feature', properties: { name: 'B', commune: '28085', mainUrl: 'rtsp://h/b', lat: 48.5, lon: 1.6 }, geometry: null },
          ],
        },
      },
      context,
    );
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.cameras.map((c) => [c.line, c.draft.position, c.sectorIds]),
      [
        [1, { lat: 48.4, lon: 1.5 }, ['sector-1']],
        [2, { lat: 48.5, lon: 1.6 }, []],
      ],
    );
  });

  it('reports each bad line with its field and reason among the good ones: unknown column, duplicates, unknown sector, wrong cell count', () => {
    const unknownColumn = parseCameras({ kind: 'csv', text: 'name,commune,lat,lon,main_url,keep_days\nA,28085,48,1,rtsp://h/a,10\n' }, context);
    assert.deepEqual(
      unknownColumn.errors.map((e) => [e.line, e.field, e.reason]),
      [[1, 'keep_days', 'unknown-column']],
    );
    const text = [
      'name;commune;lat;lon;main_url;sectors',
      'A;28085;48.4;1.5;rtsp://h/a;Centre-ville',
      'A;28085;48.4;1.5;rtsp://h/a2;',
      'B;28085;48.4;1.5;rtsp://h/b;',
      'C;28085;48.4;1.5;rtsp://h/c;Nowhere',
      'D;28085;48.4',
      'A;28085;95;1.5;rtsp://h/a3;',
    ].join('\n');
    const result = parseCameras({ kind: 'csv', text }, context);
    assert.deepEqual(
      result.errors.map((e) => [e.line, e.field, e.reason]),
      [
        [3, 'name', 'duplicate-in-file'],
        [5, 'sectors', 'unknown-sector'],
        [6, 'csv', 'column-count'],
        [7, 'lat', 'invalid'],
        [7, 'name', 'duplicate-in-file'],
      ],
    );
    assert.deepEqual(
      result.cameras.map((c) => c.draft.name),
      ['A', 'B'],
    );
  });

  it('gathers the field-of-view columns and reads the authorisation columns', () => {
    const text = ['nom;insee;lat;lon;url;azimut;ouverture;portee;arrete;expiration', 'A;28085;48.4;1.5;rtsp://h/a;135;60;;2024-0042;31/12/2029', 'B;28085;48.4;1.5;rtsp://h/b;;;;;'].join('\n');
    const result = parseCameras({ kind: 'csv', text }, context);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.cameras.map((c) => [c.draft.fieldOfView, c.draft.authorisation]),
      [
        [
          { directionDeg: 135, angleDeg: 60 },
          { reference: '2024-0042', expiresOn: '2029-12-31' },
        ],
        [null, { reference: null, expiresOn: null }],
      ],
    );
    const half = parseCameras({ kind: 'csv', text: 'nom;insee;lat;lon;url;azimut\nA;28085;48.4;1.5;rtsp://h/a;135\n' }, context);
    assert.deepEqual(
      half.errors.map((e) => [e.line, e.field, e.reason]),
      [[2, 'fieldOfView.angleDeg', 'required']],
    );
  });

  it('refuses a file of more than 10,000 rows as a whole', () => {
    const text = `name,commune,lat,lon,main_url\n${'x,28085,48.4,1.5,rtsp://h/x\n'.repeat(10_001)}`;
    const result = parseCameras({ kind: 'csv', text }, context);
    assert.deepEqual(
      result.errors.map((e) => [e.line, e.message]),
      [[0, 'more than 10000 rows; split the file']],
    );
  });
});
