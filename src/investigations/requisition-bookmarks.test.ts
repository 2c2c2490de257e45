// Bookmarks of a requisition's viewing room on both engines (the migration adding requisition_id applied to each):
// set inside the requisition's cameras and range while it is in force and the policy lets the caller see that
// instant; refused otherwise in French (VIGIE_REQUISITION_BOOKMARK_OUT_OF_SCOPE, nothing written); listed with the
// requisition and never on the camera's own list; taken back by its author only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase, testDialects } from '../../test/support/databases.js';
import { refusal } from '../../test/support/refusal.js';
import { ManualClock } from '../core/clock.js';
import { VigieError } from '../core/errors.js';
import { BookmarkStore } from '../playback/index.js';
import type { Requisition } from './model.js';
import { RequisitionBookmarks, type BookmarkActor } from './requisition-bookmarks.js';
import type { InvestigationActor } from './requisitions.js';

const T0 = Date.UTC(2026, 9, 1, 10, 0, 0);
const RANGE = { fromMs: T0, toMs: T0 + 600_000 };

/** A requisition of camera cam-a over RANGE, validated for the investigator until T0 + 1 day. */
const requisition = (changes: Partial<Requisition> = {}): Requisition =>
  ({
    id: 'req-1',
    reference: '2026/00012',
    cameraIds: ['cam-a'],
    ...RANGE,
    live: false,
    investigatorId: 'inv',
    investigator: 'enqueteur',
    state: 'validated',
    scopeUntilMs: T0 + 86_400_000,
    ...changes,
  }) as Requisition;

/** The requisitions' visibility rule (an investigator sees his own only), over one requisition. */
function requisitionsOf(held: () => Requisition) {
  return {
    get: async (id: string, viewer?: InvestigationActor): Promise<Requisition> => {
      const found = held();
      if (found.id !== id || (viewer?.role === 'investigator' && viewer.id !== found.investigatorId)) throw new VigieError('VIGIE_REQUISITION_NOT_FOUND', 'Aucune réquisition', { status: 404 });
      return found;
    },
  };
}

const investigator = (mayView = true): BookmarkActor => ({ id: 'inv', username: 'enqueteur', role: 'investigator', mayView: async () => mayView });
const lead: BookmarkActor = { id: 'lead', username: 'chef.salle', role: 'room_lead', mayView: async () => true };

for (const dialect of await testDialects()) {
  describe(`requisition bookmarks (${dialect})`, () => {
    it('sets them inside the scope, lists them with the requisition only, refuses outside it, lets its author take one back', async () => {
      const database = await openTestDatabase(dialect);
      try {
        const clock = new ManualClock(T0 + 3_600_000);
        let current = requisition();
        const store = new BookmarkStore(database.db);
        const bookmarks = new RequisitionBookmarks({ clock, requisitions: requisitionsOf(() => current), bookmarks: store });

        const { bookmark } = await bookmarks.create('req-1', { cameraId: 'cam-a', atMs: T0 + 1000, note: '  Individu en blouson rouge ' }, investigator());
        assert.equal(bookmark.note, 'Individu en blouson rouge');
        assert.equal(bookmark.requisitionId, 'req-1');
        await store.create({ cameraId: 'cam-a', atMs: T0 + 2000, note: 'rixe', createdBy: 'operateur', now: T0 });
        assert.deepEqual(
          (await bookmarks.list('req-1', lead)).bookmarks.map((b) => b.note),
          ['Individu en blouson rouge'],
          'the room lead lists the requisition’s',
        );
        assert.deepEqual(
          (await store.list('cam-a', T0, T0 + 10_000)).map((b) => b.note),
          ['rixe'],
          'the camera’s own list holds its own only',
        );

        const before = await refusal(bookmarks.create('req-1', { cameraId: 'cam-a', atMs: T0 - 1, note: 'avant' }, investigator()));
        assert.equal(before.code, 'VIGIE_REQUISITION_BOOKMARK_OUT_OF_SCOPE');
        assert.equal(before.status, 403);
        assert.match(before.message, /^Hors du périmètre de la réquisition : un signet se pose sur les images du 01\/10\/2026 12:00:00 au 01\/10\/2026 12:10:00\.$/);
        assert.equal((await refusal(bookmarks.create('req-1', { cameraId: 'cam-b', atMs: T0 + 1000, note: 'autre' }, investigator()))).code, 'VIGIE_REQUISITION_BOOKMARK_OUT_OF_SCOPE');
        assert.equal((await refusal(bookmarks.create('req-1', { cameraId: 'cam-a', atMs: T0 + 1000, note: 'vu ?' }, investigator(false)))).code, 'VIGIE_REQUISITION_BOOKMARK_OUT_OF_SCOPE');
        assert.equal((await refusal(bookmarks.create('req-1', { cameraId: 'cam-a', atMs: T0 + 1000, note: '   ' }, investigator()))).code, 'VIGIE_REQUISITION_FIELD_INVALID');
        assert.equal((await refusal(bookmarks.create('req-1', { cameraId: 'cam-a', atMs: T0 + 1000, note: 'x' }, { ...investigator(), id: 'other' }))).code, 'VIGIE_REQUISITION_NOT_FOUND');
        current = requisition({ scopeUntilMs: T0 + 60_000 });
        assert.equal((await refusal(bookmarks.create('req-1', { cameraId: 'cam-a', atMs: T0 + 1000, note: 'échue' }, investigator()))).code, 'VIGIE_REQUISITION_BOOKMARK_OUT_OF_SCOPE');
        current = requisition();
        assert.equal((await bookmarks.list('req-1', investigator())).bookmarks.length, 1, 'nothing written by the refusals');

        assert.equal((await refusal(bookmarks.remove('req-1', bookmark.id, lead))).code, 'VIGIE_FORBIDDEN');
        assert.equal((await refusal(bookmarks.remove('req-1', 'missing', investigator()))).code, 'VIGIE_REQUISITION_BOOKMARK_NOT_FOUND');
        await bookmarks.remove('req-1', bookmark.id, investigator());
        assert.deepEqual((await bookmarks.list('req-1', investigator())).bookmarks, []);
      } finally {
        await database.close();
      }
    });
  });
}
