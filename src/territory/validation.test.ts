import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateCamera, type CameraFields } from './validation.js';

const context = { isKnownCommune: (insee: string) => insee === '28085', defaultRetentionDays: 15 };
const minimal: CameraFields = { name: 'Place des Épars', commune: '28085', lat: 48.44, lon: 1.49, mainUrl: 'rtsp://10.0.0.5/main' };

function issues(fields: CameraFields) {
  const result = validateCamera(fields, context);
  assert.equal(result.ok, false, 'expected the camera to be rejected');
  return result.ok ? [] : result.issues;
}

describe('camera validation', () => {
  it('accepts a minimal camera and fills the defaults', () => {
    const result = validateCamera(minimal, context);
    assert.ok(result.ok);
    assert.equal(result.value.retentionDays, 15);
    assert.equal(result.value.type, 'fixed');
    assert.deepEqual(result.value.purposes, ['crime-prevention']);
    assert.equal(result.value.enabled, true);
    assert.equal(result.value.credentials, undefined);
    assert.equal(result.value.subUrl, null);
  });

  it('refuses 31 days of retention, citing the legal cap, and accepts 30', () => {
    const [issue] = issues({ ...minimal, retentionDays: 31 });
    assert.equal(issue?.field, 'retentionDays');
    assert.equal(issue?.code, 'VIGIE_RETENTION_ABOVE_LEGAL_CAP');
    assert.match(issue?.message ?? '', /legal cap of 30 days.*L252-5/);
    assert.ok(validateCamera({ ...minimal, retentionDays: 30 }, context).ok);
    assert.equal(issues({ ...minimal, retentionDays: 0 })[0]?.field, 'retentionDays');
    assert.equal(issues({ ...minimal, retentionDays: 2.5 })[0]?.field, 'retentionDays');
  });

  it('refuses an unknown commune and a malformed INSEE code', () => {
    assert.equal(issues({ ...minimal, commune: '28999' })[0]?.code, 'VIGIE_UNKNOWN_COMMUNE');
    assert.match(issues({ ...minimal, commune: 'Chartres' })[0]?.message ?? '', /INSEE/);
  });

  it('accepts only rtsp:// and rtsps:// URLs', () => {
    assert.match(issues({ ...minimal, mainUrl: 'http://10.0.0.5/stream' })[0]?.message ?? '', /rtsp/);
    assert.equal(issues({ ...minimal, subUrl: 'not a url' })[0]?.field, 'subUrl');
    assert.ok(validateCamera({ ...minimal, mainUrl: 'rtsps://cam.example:322/main' }, context).ok);
  });

  it('moves user:password out of the URL into the credentials', () => {
    const result = validateCamera({ ...minimal, mainUrl: 'rtsp://admin:p%40ss@10.0.0.5:554/main' }, context);
    assert.ok(result.ok);
    assert.equal(result.value.mainUrl, 'rtsp://10.0.0.5:554/main');
    assert.deepEqual(result.value.credentials, { username: 'admin', password: 'p@ss' });
    const explicit = validateCamera({ ...minimal, mainUrl: 'rtsp://a:b@h/x', username: 'op', password: 'pw' }, context);
    assert.ok(explicit.ok);
    assert.deepEqual(explicit.value.credentials, { username: 'op', password: 'pw' });
    const cleared = validateCamera({ ...minimal, username: null }, context);
    assert.ok(cleared.ok);
    assert.equal(cleared.value.credentials, null);
  });

  it('checks positions, names, types, purposes and ONVIF fields', () => {
    assert.equal(issues({ ...minimal, lat: 91 })[0]?.field, 'lat');
    assert.equal(issues({ ...minimal, lon: '1,2,3' })[0]?.field, 'lon');
    assert.equal(issues({ ...minimal, name: '   ' })[0]?.field, 'name');
    assert.match(issues({ ...minimal, type: 'bullet' })[0]?.message ?? '', /fixed, ptz, multisensor/);
    assert.match(issues({ ...minimal, purposes: ['surveillance'] })[0]?.message ?? '', /L251-2/);
    assert.equal(issues({ ...minimal, onvifPort: 80 })[0]?.field, 'onvifPort');
    assert.equal(issues({ ...minimal, password: 'x' })[0]?.field, 'password');
  });

  it('reads CSV cells: decimal commas, booleans in French, lists separated by |', () => {
    const result = validateCamera(
      { ...minimal, lat: '48,44', lon: '1.49', enabled: 'non', narrowField: 'oui', purposes: 'crime-prevention|traffic-regulation', type: 'dome', retentionDays: '20' },
      context,
    );
    assert.ok(result.ok);
    assert.equal(result.value.position.lat, 48.44);
    assert.equal(result.value.enabled, false);
    assert.equal(result.value.narrowField, true);
    assert.equal(result.value.type, 'ptz');
    assert.equal(result.value.retentionDays, 20);
    assert.deepEqual(result.value.purposes, ['crime-prevention', 'traffic-regulation']);
  });

  it('refuses a position outside France, metropolitan or overseas, and accepts the overseas departments', () => {
    const [swapped] = issues({ ...minimal, lat: 1.49, lon: 48.44 });
    assert.equal(swapped?.reason, 'outside-france');
    assert.equal(issues({ ...minimal, lat: 40.4, lon: -3.7 })[0]?.reason, 'outside-france', 'Madrid');
    assert.ok(validateCamera({ ...minimal, lat: -20.88, lon: 55.45 }, context).ok, 'Saint-Denis de La Réunion');
    assert.ok(validateCamera({ ...minimal, lat: 4.93, lon: -52.33 }, context).ok, 'Cayenne');
    assert.ok(validateCamera({ ...minimal, lat: 41.92, lon: 8.74 }, context).ok, 'Ajaccio');
  });

  it('reads a field of view, normalises a bearing of 360 and refuses an incomplete one', () => {
    const result = validateCamera({ ...minimal, fieldOfView: { directionDeg: 360, angleDeg: 70, rangeM: 50 } }, context);
    assert.ok(result.ok);
    assert.deepEqual(result.value.fieldOfView, { directionDeg: 0, angleDeg: 70, rangeM: 50 });
    const none = validateCamera({ ...minimal, fieldOfView: null }, context);
    assert.ok(none.ok);
    assert.equal(none.value.fieldOfView, null);
    assert.deepEqual(
      issues({ ...minimal, fieldOfView: { directionDeg: 90 } }).map((i) => [i.field, i.reason]),
      [['fieldOfView.angleDeg', 'required']],
    );
    assert.equal(issues({ ...minimal, fieldOfView: { directionDeg: 400, angleDeg: 60 } })[0]?.field, 'fieldOfView.directionDeg');
    assert.equal(issues({ ...minimal, fieldOfView: { directionDeg: 10, angleDeg: 0 } })[0]?.field, 'fieldOfView.angleDeg');
  });

  it('reads the authorisation: reference and expiry date, ISO or French', () => {
    const result = validateCamera({ ...minimal, authorisationRef: ' 2025-PREF-0042 ', authorisationExpiresOn: '31/12/2030' }, context);
    assert.ok(result.ok);
    assert.deepEqual(result.value.authorisation, { reference: '2025-PREF-0042', expiresOn: '2030-12-31' });
    assert.equal(issues({ ...minimal, authorisationExpiresOn: '2030-02-30' })[0]?.reason, 'bad-date');
    assert.equal(issues({ ...minimal, authorisationExpiresOn: 'demain' })[0]?.field, 'authorisationExpiresOn');
  });

  it('reports every wrong field at once', () => {
    const fields = issues({ name: '', commune: '99999', lat: 'north', mainUrl: 'ftp://x', retentionDays: 45 }).map((i) => i.field);
    assert.deepEqual(fields.sort(), ['commune', 'lat', 'lon', 'mainUrl', 'name', 'retentionDays']);
  });
});
