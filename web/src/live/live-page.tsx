// "Mosaïque": live video of 1 to 25 cameras on square grids or one large tile with small ones, driven from the
// keyboard (arrows between tiles, Enter or double-click to maximise, Esc back, 1–5 for an N×N grid, `/` to
// search, Suppr to empty a tile) or the mouse (drag a camera from the list onto a tile, or a tile onto another);
// saved mosaics (own and shared) and tours.
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { CAMERA_DRAG_TYPE, CameraPicker } from '../cameras/camera-picker.js';
import { useInventory } from '../cameras/inventory.js';
import { EmptyState } from '../ui/empty-state.js';
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { useSlashToSearch } from '../ui/use-slash-to-search.js';
import { PRESETS, assign, geometryCode, layoutPath, parseGeometry, readLayout, reshape, squareGeometry, swap, type MosaicLayout } from './mosaic-state.js';
import { useMosaicKeys } from './use-mosaic-keys.js';
import { EmptyTile, VideoTile } from './video-tile.js';
import { useRecordingStates } from './use-recording-states.js';
import { LibraryBar } from './library-bar.js';
import { PtzPanel } from './ptz-panel.js';

const TILE_DRAG_TYPE = 'application/x-vigie-tile';

export function LivePage() {
  return can(useUser(), 'video.live') ? (
    <LivePageContent />
  ) : (
    <EmptyState title="Votre rôle ne donne pas accès aux images en direct.">Les images ne sont visibles que des rôles habilités à les voir ; demandez à l’administrateur.</EmptyState>
  );
}

function LivePageContent() {
  const user = useUser();
  const inventory = useInventory();
  const [params, setParams] = useSearchParams();
  const [selected, setSelected] = useState(0);
  const [maximised, setMaximised] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  useSlashToSearch(search);
  const recording = useRecordingStates(can(user, 'recording.read'));
  const known = useMemo(() => inventory.cameras.map((c) => c.id), [inventory.cameras]);
  const layout = useMemo(() => readLayout(params, known), [params, known]);
  const tiles = layout.geometry.tiles;

  useEffect(() => {
    document.title = 'Mosaïque — Vigie';
  }, []);

  const update = useCallback(
    (next: MosaicLayout) => {
      const url = new URL(layoutPath(next), location.origin);
      setParams(url.searchParams, { replace: true });
    },
    [setParams],
  );
  /** Shows a whole new layout (a saved mosaic, a tour step): selection back to the first tile. */
  const show = useCallback(
    (next: MosaicLayout) => {
      update(next);
      setSelected(0);
      setMaximised(false);
    },
    [update],
  );
  const setGeometry = useCallback(
    (code: string) => {
      const geometry = parseGeometry(code);
      if (geometry === null) return;
      update(reshape(layout, geometry, known));
      setSelected((index) => Math.min(index, geometry.tiles.length - 1));
      setMaximised(false);
    },
    [layout, known, update],
  );

  useMosaicKeys({
    geometry: layout.geometry,
    maximised,
    onMove: (move) => setSelected((index) => move(index)),
    onMaximise: () => setMaximised((value) => !value && layout.slots[selected] !== null),
    onRestore: () => setMaximised(false),
    onSide: (side) => setGeometry(geometryCode(squareGeometry(side))),
    onClear: () => update(assign(layout, selected, null)),
  });

  const onDrop = (index: number) => (event: DragEvent<HTMLDivElement>) => {
    const camera = event.dataTransfer.getData(CAMERA_DRAG_TYPE);
    const tile = event.dataTransfer.getData(TILE_DRAG_TYPE);
    if (camera !== '' && known.includes(camera)) update(assign(layout, index, camera));
    else if (tile !== '' && Number(tile) !== index) update(swap(layout, Number(tile), index));
    setSelected(index);
  };
  const onDragStart = (index: number) => (event: DragEvent<HTMLDivElement>) => {
    event.dataTransfer.setData(TILE_DRAG_TYPE, String(index));
    event.dataTransfer.effectAllowed = 'move';
  };

  if (inventory.status === 'loading') return <div className="splash">Chargement des caméras…</div>;
  if (inventory.status === 'ready' && inventory.cameras.length === 0)
    return <EmptyState title="Aucune caméra ne vous est attribuée.">Il n’y a rien à afficher en direct pour votre compte.</EmptyState>;

  const code = geometryCode(layout.geometry);
  const visible = maximised ? [selected] : tiles.map((_, index) => index);
  const alone = maximised || tiles.length === 1;
  const dense = !maximised && tiles.length > 9;
  /** The single-camera view of a PTZ camera gets its control panel. */
  const withPtz = (camera: { readonly type: string }): boolean => alone && camera.type === 'ptz';

  return (
    <section className="live-page">
      <CameraPicker
        searchRef={search}
        activeIds={layout.slots.filter((id): id is string => id !== null)}
        onPick={(id) => update(assign(layout, selected, id))}
        hint="Cliquez une caméra pour l’afficher dans la vignette sélectionnée, ou glissez-la sur une vignette."
      />
      <div className="mosaic-area">
        <div className="toolbar">
          <h1>Mosaïque</h1>
          <div className="segmented" role="group" aria-label="Disposition de la mosaïque">
            {PRESETS.map((preset) => (
              <button
                key={preset.code}
                type="button"
                className={preset.code === code && !maximised ? 'on' : ''}
                data-layout={preset.code}
                onClick={() => setGeometry(preset.code)}
                title={preset.title}
              >
                {preset.label}
              </button>
            ))}
          </div>
          {maximised && (
            <button type="button" className="ghost small" onClick={() => setMaximised(false)}>
              Vignette agrandie — Échap pour revenir à la mosaïque
            </button>
          )}
          <span className="keys-hint">
            <kbd>←↑↓→</kbd> sélection <kbd>Entrée</kbd> agrandir <kbd>Échap</kbd> retour <kbd>1</kbd>–<kbd>5</kbd> grille <kbd>/</kbd> rechercher <kbd>Suppr</kbd> vider
          </span>
        </div>
        <LibraryBar layout={layout} onShow={show} />
        <div
          className="mosaic"
          style={{
            gridTemplateColumns: `repeat(${maximised ? 1 : layout.geometry.cols}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${maximised ? 1 : layout.geometry.rows}, minmax(0, 1fr))`,
          }}
          data-layout={maximised ? '1x1' : code}
          data-dense={dense}
        >
          {visible.map((index) => {
            const box = tiles[index];
            const place = maximised || box === undefined ? undefined : { gridColumn: `${box.col + 1} / span ${box.colSpan}`, gridRow: `${box.row + 1} / span ${box.rowSpan}` };
            const camera = inventory.camera(layout.slots[index] ?? '');
            const onSelect = () => setSelected(index);
            if (camera === undefined)
              return (
                <div key={`empty-${index}`} className="mosaic-cell" style={place}>
                  <EmptyTile selected={index === selected} onSelect={onSelect} onDrop={onDrop(index)} />
                </div>
              );
            return (
              <div key={`${index}-${camera.id}`} className={withPtz(camera) ? 'mosaic-cell with-ptz' : 'mosaic-cell'} style={place}>
                <VideoTile
                  camera={camera}
                  communeName={inventory.communeName(camera.commune)}
                  stream={alone ? 'main' : 'sub'}
                  selected={index === selected && !maximised}
                  recording={recording(camera.id)}
                  onSelect={onSelect}
                  onOpen={() => {
                    setSelected(index);
                    setMaximised((value) => !value);
                  }}
                  onDragStart={onDragStart(index)}
                  onDrop={onDrop(index)}
                />
                {withPtz(camera) && <PtzPanel cameraId={camera.id} canControl={can(user, 'ptz.control')} />}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
