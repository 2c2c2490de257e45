// "Mosaïque": live video of 1, 4, 9 or 16 cameras, driven from the keyboard (arrows between tiles,
// Enter to maximise, Esc back, 1/4/9/16 to resize, `/` to search, Suppr to empty a tile).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { CameraPicker } from '../cameras/camera-picker.js';
import { useInventory } from '../cameras/inventory.js';
import { EmptyState } from '../ui/empty-state.js';
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { useSlashToSearch } from '../ui/use-slash-to-search.js';
import { LAYOUT_SIZES, assign, columns, mosaicPath, readLayout, resize, type LayoutSize, type MosaicLayout } from './mosaic-state.js';
import { useMosaicKeys } from './use-mosaic-keys.js';
import { EmptyTile, VideoTile } from './video-tile.js';

export function LivePage() {
  return can(useUser(), 'video.live') ? (
    <LivePageContent />
  ) : (
    <EmptyState title="Votre rôle ne donne pas accès aux images en direct.">Les images ne sont visibles que des rôles habilités à les voir ; demandez à l’administrateur.</EmptyState>
  );
}

function LivePageContent() {
  const inventory = useInventory();
  const [params, setParams] = useSearchParams();
  const [selected, setSelected] = useState(0);
  const [maximised, setMaximised] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  useSlashToSearch(search);
  const known = useMemo(() => inventory.cameras.map((c) => c.id), [inventory.cameras]);
  const layout = useMemo(() => readLayout(params, known), [params, known]);

  useEffect(() => {
    document.title = 'Mosaïque — Vigie';
  }, []);

  const update = useCallback(
    (next: MosaicLayout) => {
      const url = new URL(mosaicPath(next.size, next.slots), location.origin);
      setParams(url.searchParams, { replace: true });
    },
    [setParams],
  );
  const setSize = useCallback(
    (size: LayoutSize) => {
      update(resize(layout, size, known));
      setSelected((index) => Math.min(index, size - 1));
      setMaximised(false);
    },
    [layout, known, update],
  );

  useMosaicKeys({
    size: layout.size,
    maximised,
    onMove: (move) => setSelected((index) => move(index)),
    onMaximise: () => setMaximised((value) => !value && layout.slots[selected] !== null),
    onRestore: () => setMaximised(false),
    onSize: setSize,
    onClear: () => update(assign(layout, selected, null)),
  });

  if (inventory.status === 'loading') return <div className="splash">Chargement des caméras…</div>;
  if (inventory.status === 'ready' && inventory.cameras.length === 0)
    return <EmptyState title="Aucune caméra ne vous est attribuée.">Il n’y a rien à afficher en direct pour votre compte.</EmptyState>;

  const visible = maximised ? [selected] : layout.slots.map((_, index) => index);
  const cols = maximised ? 1 : columns(layout.size);

  return (
    <section className="live-page">
      <CameraPicker
        searchRef={search}
        activeIds={layout.slots.filter((id): id is string => id !== null)}
        onPick={(id) => update(assign(layout, selected, id))}
        hint="Cliquez une caméra pour l’afficher dans la vignette sélectionnée."
      />
      <div className="mosaic-area">
        <div className="toolbar">
          <h1>Mosaïque</h1>
          <div className="segmented" role="group" aria-label="Taille de la mosaïque">
            {LAYOUT_SIZES.map((size) => (
              <button
                key={size}
                type="button"
                className={size === layout.size && !maximised ? 'on' : ''}
                onClick={() => setSize(size)}
                title={`${size} vignette${size > 1 ? 's' : ''} (touche ${size === 16 ? '6 ou 1 puis 6' : size})`}
              >
                {size}
              </button>
            ))}
          </div>
          {maximised && (
            <button type="button" className="ghost small" onClick={() => setMaximised(false)}>
              Vignette agrandie — Échap pour revenir à la mosaïque
            </button>
          )}
          <span className="keys-hint">
            <kbd>←↑↓→</kbd> sélection <kbd>Entrée</kbd> agrandir <kbd>Échap</kbd> retour <kbd>/</kbd> rechercher <kbd>Suppr</kbd> vider
          </span>
        </div>
        <div className="mosaic" style={{ gridTemplateColumns: `repeat(${cols}, 1fr)`, gridTemplateRows: `repeat(${cols}, 1fr)` }} data-size={maximised ? 1 : layout.size}>
          {visible.map((index) => {
            const camera = inventory.camera(layout.slots[index] ?? '');
            const onSelect = () => setSelected(index);
            if (camera === undefined) return <EmptyTile key={`empty-${index}`} selected={index === selected} onSelect={onSelect} />;
            return (
              <VideoTile
                key={`${index}-${camera.id}`}
                camera={camera}
                communeName={inventory.communeName(camera.commune)}
                stream={maximised || layout.size === 1 ? 'main' : 'sub'}
                selected={index === selected && !maximised}
                onSelect={onSelect}
                onOpen={() => {
                  setSelected(index);
                  setMaximised((value) => !value);
                }}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}
