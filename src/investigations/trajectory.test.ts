// Proposals and trajectories on both engines, over stored detections and a requisition in force, the investigator's
// rights decided by the real access policy from his requisitions' grants: from a sighting the next cameras come
// in the direction the object left by, with their windows and the candidates of the same class and colours; the
// chain refuses a step back in time, a camera or an instant outside the requisition, an unknown camera, another
// investigator, an empty trajectory — in French, nothing written.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { refusal } from '../../test/support/refusal.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.js';
import { decidePolicy } from '../access/index.js';
import { createDetectionStore, type Detection } from '../analytics/index.js';
import { ManualClock } from '../core/clock.js';
import type { ExportService } from '../export/index.js';
import { createJournal } from '../journal/index.js';
import { HoldStore } from '../retention/index.js';
import { Requisitions } from './requisitions.js';
import { Topology, type TopologyCamera } from './topology.js';
import { colourMatch, Trajectories, type FollowActor, type SightingInput } from './trajectory.js';

const M_LAT = 1 / 111_195;
const M_LON = 1 / (111_195 * Math.cos((48.447 * Math.PI) / 180));
const at = (northM: number, eastM: number) => ({ lat: 48.447 + northM * M_LAT, lon: 1.489 + eastM * M_LON });

const CAMERAS: (TopologyCamera & { name: string; communeInsee: string })[] = [
  // A looks north: an object going up its picture walks north, towards B.
  { id: 'a', name: 'Place des Épars', communeInsee: '28085', position: at(0, 0), fieldOfView: { directionDeg: 0, angleDeg: 60, rangeM: 60 } },
  { id: 'b', name: 'Rue Noël-Ballay', communeInsee: '28085', position: at(200, 0), fieldOfView: { directionDeg: 180, angleDeg: 60, rangeM: 60 } },
  { id: 'c', name: 'Boulevard Chasles', communeInsee: '28085', position: at(0, 300), fieldOfView: { directionDeg: 90, angleDeg: 60, rangeM: 60 } },
  // Not in the requisition.
  { id: 'd', name: 'Gare', communeInsee: '28085', position: at(-250, 0), fieldOfView: null },
];
const T0 = Date.UTC(2026, 11, 4, 13, 0, 0);
const NOW = T0 + 6 * 3_600_000;

/** One tracked object: a detection per second moving (dx, dy) per step on the picture. */
function track(cameraId: string, trackId: number, className: string, colours: string[], startMs: number, steps: number, dx: number, dy: number): Detection[] {
  return Array.from({ length: steps }, (_, i) => ({
    cameraId,
    atMs: startMs + i * 1000,
    trackId,
    className,
    confidence: 0.6 + i / 100,
    x: 0.45 + dx * i,
    y: 0.5 + dy * i,
    w: 0.1,
    h: 0.25,
    colours,
    directionDeg: i === 0 ? null : (Math.atan2(dy, dx) * 180) / Math.PI + (dy < 0 ? 360 : 0),
    speed: 0.05,
  }));
}

for (const dialect of await testDialects()) {
  describe(`trajectories (${dialect})`, () => {
    let database: TestDatabase;
    let trajectories: Trajectories;
    let requisitions: Requisitions;
    const clock = new ManualClock(NOW);
    const requisitionId = 'req-1';
    const follower = (id: string): FollowActor => ({
      id,
      username: id,
      role: 'investigator',
      // The real policy, with the grants his requisitions in force give him, as access.decideCamera does.
      mayView: async (cameraId, timeRange) => {
        const camera = CAMERAS.find((c) => c.id === cameraId);
        if (camera === undefined) return false;
        const subject = { role: 'investigator' as const, communes: [], habilitation: { disabled: false, validFromMs: null, validUntilMs: null }, grants: await requisitions.scopeGrants(id) };
        return decidePolicy(subject, 'video.playback', { communeInsee: camera.communeInsee, cameraId, timeRange }, clock.now()).allowed;
      },
    });
    const investigator = follower('enqueteur');
    const stranger = follower('autre.enqueteur');
    const exit = T0 + 10 * 60_000;
    const sightingA: SightingInput = { cameraId: 'a', atMs: exit, box: { x: 0.45, y: 0.5, w: 0.1, h: 0.25 } };

    before(async () => {
      database = await openTestDatabase(dialect);
      const journal = createJournal({ db: database.db, clock, dataDir: database.dataDir });
      requisitions = new Requisitions({
        db: database.db,
        clock,
        holds: new HoldStore(database.db, clock, journal),
        exports: {} as Pick<ExportService, 'create' | 'get' | 'directory'>,
        bookmarks: { ofRequisition: async () => [] },
        investigators: async () => [],
        cameras: { get: async () => undefined, all: async () => [], hasFootage: async () => true },
      });
      // A requisition validated for A, B and C over the afternoon (its registration is tested in requisitions.test.ts).
      await database.db
        .insertInto('requisitions')
        .values({
          id: requisitionId,
          reference: '2026/004512',
          officer_name: 'Capitaine Durand',
          officer_quality: 'OPJ',
          officer_service: 'BR Chartres',
          officer_contact: '02 37 00 00 00',
          legal_basis: 'art. 77-1-1 CPP',
          reason: 'vol avec violence',
          camera_ids: JSON.stringify(['a', 'b', 'c']),
          area: null,
          from_ms: T0,
          to_ms: T0 + 3_600_000,
          live: 0,
          investigator_id: investigator.id,
          investigator: investigator.username,
          state: 'validated',
          hold_id: 'hold-1',
          registered_by: 'chef.salle',
          registered_at: NOW - 3_600_000,
          reviewed_by: 'chef.salle',
          reviewed_at: NOW - 3_000_000,
          review_note: null,
          scope_until_ms: NOW + 86_400_000,
          export_ids: '[]',
          extracted_by: null,
          extracted_at: null,
          handed_by: null,
          handed_at: null,
          received_by: null,
          received_ack_by: null,
          received_ack_at: null,
          closed_by: null,
          closed_at: null,
          updated_at: NOW,
        })
        .execute();
      const detections = createDetectionStore(database.db);
      await detections.insertBatch([
        // On A: the person followed walks up the picture (north) for 8 s, blue and black.
        ...track('a', 1, 'person', ['bleu', 'noir'], exit, 8, 0, -0.04),
        // On B, 200 m north, 2 min later: the same person (candidate), a red one and a blue car (not candidates),
        // and the same look far too late for the window.
        ...track('b', 5, 'person', ['noir', 'bleu'], exit + 120_000, 5, 0, 0.04),
        ...track('b', 6, 'person', ['rouge'], exit + 125_000, 5, 0, 0.04),
        ...track('b', 7, 'car', ['bleu'], exit + 130_000, 5, 0.04, 0),
        ...track('b', 8, 'person', ['bleu'], exit + 50 * 60_000, 5, 0, 0.04),
        // On C, east: a blue person in its window too (a direction the object did not take).
        ...track('c', 9, 'person', ['bleu'], exit + 200_000, 5, 0, 0.04),
      ]);
      const topology = new Topology({ db: database.db, clock, cameras: async () => CAMERAS });
      await topology.suggest('chef.salle');
      trajectories = new Trajectories({
        db: database.db,
        clock,
        requisitions,
        topology,
        detections,
        exports: {} as Pick<ExportService, 'createClips' | 'get'>,
        camera: async (id) => CAMERAS.find((c) => c.id === id),
      });
    });
    after(async () => {
      await database?.close();
    });

    it('scores colours', () => {
      assert.equal(colourMatch(['bleu', 'noir'], ['noir']), 0.5);
      assert.equal(colourMatch([], ['rouge']), 1);
    });

    it('proposes the next cameras in the direction the object left by, with windows and candidates of its class and colours', async () => {
      const proposal = await trajectories.propose(requisitionId, sightingA, investigator);
      assert.equal(proposal.sighting.className, 'person');
      assert.deepEqual(proposal.sighting.colours, ['bleu', 'noir']);
      assert.equal(proposal.sighting.exitDirection, 'N');
      assert.equal(proposal.sighting.exitMs, exit + 7000, 'the exit is the last detection of its track');
      const names = proposal.next.map((n) => `${n.direction}→${n.cameraId}`);
      assert.equal(names[0], 'N→b', `north first: ${names.join(', ')}`);
      const b = proposal.next[0];
      assert.ok(b !== undefined && b.window !== null);
      assert.equal(b.matchesExit, true);
      assert.equal(b.travel.mode, 'walk');
      assert.ok(b.window.fromMs <= exit + 120_000 && b.window.toMs >= exit + 124_000 && b.window.toMs < exit + 50 * 60_000);
      assert.deepEqual(
        b.candidates.map((c) => c.trackId),
        [5],
        'same class, a shared colour, inside the window',
      );
      assert.equal(b.candidates[0]?.colourMatch, 1);
      const c = proposal.next.find((n) => n.cameraId === 'c');
      assert.equal(c?.matchesExit, false);
      assert.deepEqual(
        c?.candidates.map((x) => x.trackId),
        [9],
      );
      const d = proposal.next.find((n) => n.cameraId === 'd');
      assert.ok(d !== undefined, 'D is a neighbour (south)');
      assert.equal(d.inScope, false, 'outside the requisition: no window, no candidate');
      assert.equal(d.outside, 'camera');
      assert.equal(d.position, null, 'a camera outside the requisition is named, not placed');
      assert.equal(b.outside, null);
      assert.equal(d.window, null);
      assert.deepEqual(d.candidates, []);
    });

    it('chains confirmed sightings forward in time, refuses in French what lies outside, and takes a sighting back', async () => {
      const proposal = await trajectories.propose(requisitionId, sightingA, investigator);
      const candidate = proposal.next[0]?.candidates[0];
      assert.ok(candidate !== undefined);
      const created = await trajectories.create(requisitionId, { title: 'Suspect au blouson bleu', sightings: [sightingA] }, investigator);
      assert.equal(created.className, 'person');
      assert.equal(created.sightings.length, 1);
      assert.equal(created.sightings[0]?.detectionId !== undefined, true, 'the box was matched to its stored detection');
      const chained = await trajectories.addSighting(created.id, { cameraId: candidate.cameraId, atMs: candidate.atMs, box: candidate.box, detectionId: candidate.detectionId }, investigator);
      assert.deepEqual(
        chained.sightings.map((s) => [s.seq, s.cameraId]),
        [
          [1, 'a'],
          [2, 'b'],
        ],
      );

      const cases: Array<[() => Promise<unknown>, string, RegExp]> = [
        [() => trajectories.addSighting(created.id, { ...sightingA, cameraId: 'c', atMs: exit + 60_000 }, investigator), 'VIGIE_TRAJECTORY_BACKWARDS', /ne remonte pas le temps/],
        [() => trajectories.addSighting(created.id, { ...sightingA, cameraId: 'd', atMs: exit + 30 * 60_000 }, investigator), 'VIGIE_TRAJECTORY_OUT_OF_SCOPE', /pas couverte par la réquisition/],
        [() => trajectories.addSighting(created.id, { ...sightingA, cameraId: 'b', atMs: T0 + 2 * 3_600_000 }, investigator), 'VIGIE_TRAJECTORY_OUT_OF_SCOPE', /hors de la période/],
        [() => trajectories.addSighting(created.id, { ...sightingA, cameraId: 'z', atMs: exit + 30 * 60_000 }, investigator), 'VIGIE_TRAJECTORY_CAMERA_UNKNOWN', /n'existe pas/],
        [
          () => trajectories.addSighting(created.id, { ...sightingA, atMs: exit + 30 * 60_000, box: { x: 0.9, y: 0, w: 0.5, h: 0.1 } }, investigator),
          'VIGIE_TRAJECTORY_SIGHTING_INVALID',
          /dans l'image/,
        ],
        [
          () => trajectories.addSighting(created.id, { ...sightingA, atMs: exit + 30 * 60_000, detectionId: candidate.detectionId }, investigator),
          'VIGIE_TRAJECTORY_SIGHTING_INVALID',
          /n'appartient pas/,
        ],
        [() => trajectories.create(requisitionId, { sightings: [] }, investigator), 'VIGIE_TRAJECTORY_EMPTY', /commence par une observation/],
        [() => trajectories.create(requisitionId, { sightings: [{ ...sightingA, atMs: exit + 1000 }, sightingA] }, investigator), 'VIGIE_TRAJECTORY_BACKWARDS', /ne remonte pas le temps/],
        [() => trajectories.propose(requisitionId, { ...sightingA, cameraId: 'd' }, investigator), 'VIGIE_TRAJECTORY_OUT_OF_SCOPE', /pas couverte/],
        // Another investigator: the requisition and its trajectories do not exist for him.
        [() => trajectories.propose(requisitionId, sightingA, stranger), 'VIGIE_REQUISITION_NOT_FOUND', /Aucune réquisition/],
        [() => trajectories.addSighting(created.id, { ...sightingA, cameraId: 'c', atMs: exit + 30 * 60_000 }, stranger), 'VIGIE_TRAJECTORY_NOT_FOUND', /Aucune trajectoire/],
        [() => trajectories.get(created.id, stranger), 'VIGIE_TRAJECTORY_NOT_FOUND', /Aucune trajectoire/],
      ];
      for (const [attempt, code, message] of cases) {
        const refused = await refusal(attempt());
        assert.equal(refused.code, code, refused.message);
        assert.match(refused.message, message);
      }
      assert.equal((await trajectories.get(created.id, investigator)).sightings.length, 2, 'nothing written by the refusals');
      assert.equal((await trajectories.list(requisitionId, investigator)).length, 1);

      // Taken back down to nothing: an empty trajectory is not exported.
      await trajectories.removeLast(created.id, investigator);
      const emptied = (await trajectories.removeLast(created.id, investigator)).trajectory;
      assert.equal(emptied.sightings.length, 0);
      const empty = await refusal(trajectories.export(created.id, investigator, null));
      assert.equal(empty.code, 'VIGIE_TRAJECTORY_EMPTY');
      assert.match(empty.message, /rien à exporter/);

      // The scope ends: nothing more is chained.
      clock.set(NOW + 2 * 86_400_000);
      const ended = await refusal(trajectories.addSighting(created.id, sightingA, investigator));
      assert.equal(ended.code, 'VIGIE_TRAJECTORY_OUT_OF_SCOPE');
      assert.match(ended.message, /n'accorde aucun accès/);
      clock.set(NOW);
    });
  });
}
