// The bookmarks of a requisition's viewing room as a BookmarkSource (web/src/playback/bookmarks-panel.tsx): read,
// set and taken back through /api/requisitions/:id/bookmarks, where the server checks the requisition's scope.
import { apiGet, apiPost, apiRequest } from '../api/client.js';
import { readBookmarks, type BookmarkSource } from '../playback/bookmarks-panel.js';
import { requisitionErrorMessage } from './requisition-errors.js';

export function requisitionBookmarks(requisitionId: string): BookmarkSource {
  const base = `/api/requisitions/${encodeURIComponent(requisitionId)}/bookmarks`;
  return {
    key: `requisition:${requisitionId}`,
    list: async () => readBookmarks(await apiGet(base)),
    async create(cameraId, atMs, note) {
      await apiPost(base, { cameraId, at: atMs, note });
    },
    async remove(id) {
      await apiRequest('DELETE', `${base}/${encodeURIComponent(id)}`);
    },
    refusal: requisitionErrorMessage,
  };
}
