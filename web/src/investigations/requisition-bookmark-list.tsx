// The bookmarks of a requisition's viewing room on its card (« Réquisitions »): what the investigator marked, when
// (JJ/MM/AAAA HH:MM:SS), on which camera, by whom — for the room lead preparing the extraction and the handover.
import { useEffect, useState } from 'react';
import type { RequisitionView } from '../api/contracts.js';
import type { Bookmark } from '../playback/bookmarks-panel.js';
import { formatParisTime, parisDateFr } from '../time/paris.js';
import { requisitionCameraName } from './requisition-cameras.js';
import { requisitionBookmarks } from './requisition-bookmarks.js';

export function RequisitionBookmarkList({ requisition }: { readonly requisition: RequisitionView }) {
  const [bookmarks, setBookmarks] = useState<readonly Bookmark[] | null>(null);
  const requisitionId = requisition.id;
  useEffect(() => {
    let cancelled = false;
    requisitionBookmarks(requisitionId)
      .list()
      .then(
        (listed) => !cancelled && setBookmarks(listed),
        () => !cancelled && setBookmarks(null),
      );
    return () => {
      cancelled = true;
    };
  }, [requisitionId]);
  if (bookmarks === null || bookmarks.length === 0) return null;
  return (
    <section aria-label="Signets de la salle de visionnage" className="requisition-bookmarks">
      <h3>Signets de la salle de visionnage</h3>
      <ul>
        {bookmarks.map((bookmark) => (
          <li key={bookmark.id}>
            <span className="bookmark-when">
              {parisDateFr(bookmark.atMs)} {formatParisTime(bookmark.atMs)}
            </span>{' '}
            — {requisitionCameraName(requisition, bookmark.cameraId)} — {bookmark.note} <span className="muted">({bookmark.createdBy})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
