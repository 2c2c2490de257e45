// The compact camera list of the mosaic and playback sidebars: search box (`/`), cameras grouped by
// commune; Enter in the search box picks the first match, Escape goes back to the page.
import { useState, type KeyboardEvent, type RefObject } from 'react';
import { StateBadge } from '../ui/state-badge.js';
import { groupByCommune, useInventory } from './inventory.js';

/** What a camera dragged from the list carries (its id), for pages that accept drops (the mosaic's tiles). */
export const CAMERA_DRAG_TYPE = 'application/x-vigie-camera';

interface CameraPickerProps {
  readonly searchRef: RefObject<HTMLInputElement | null>;
  /** Cameras highlighted in the list (shown in the mosaic, being played). */
  readonly activeIds: readonly string[];
  readonly onPick: (cameraId: string) => void;
  readonly hint: string;
}

export function CameraPicker({ searchRef, activeIds, onPick, hint }: CameraPickerProps) {
  const inventory = useInventory();
  const [query, setQuery] = useState('');
  const groups = groupByCommune(inventory, query);

  function onSearchKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      const first = groups[0]?.cameras[0];
      if (first !== undefined) onPick(first.id);
      event.currentTarget.blur();
    } else if (event.key === 'Escape') {
      setQuery('');
      event.currentTarget.blur();
    }
  }

  return (
    <aside className="picker" aria-label="Liste des caméras">
      <input
        ref={searchRef}
        type="search"
        className="search"
        placeholder="Rechercher  ( / )"
        aria-label="Rechercher une caméra"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onSearchKey}
      />
      <p className="picker-hint">{hint}</p>
      <div className="picker-list">
        {inventory.cameras.length === 0 && inventory.status === 'ready' && <p className="picker-empty">Aucune caméra ne vous est attribuée.</p>}
        {groups.map((group) => (
          <div key={group.insee} className="picker-group">
            <div className="picker-commune">{group.name}</div>
            {group.cameras.map((camera) => (
              <button
                key={camera.id}
                type="button"
                className={`picker-item${activeIds.includes(camera.id) ? ' active' : ''}`}
                data-camera-id={camera.id}
                onClick={() => onPick(camera.id)}
                draggable
                onDragStart={(e) => e.dataTransfer.setData(CAMERA_DRAG_TYPE, camera.id)}
              >
                <StateBadge state={camera.state} compact />
                <span>{camera.name}</span>
              </button>
            ))}
          </div>
        ))}
      </div>
    </aside>
  );
}
