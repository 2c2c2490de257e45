// The camera navigator: the tree of the cameras the user may see, commune → sector → camera, with each
// camera's state and recording, a search (`/`), favourites (★, F) and the sectors to watch highlighted
// (sensitive, or covered by a live-watch request in force). ↑ ↓ move, ← → fold and unfold, Enter opens live.
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { RECORDING_LABELS, TYPE_LABELS, type Camera, type CameraPlacement, type RecordingState } from '../api/contracts.js';
import { EmptyState } from '../ui/empty-state.js';
import { StateBadge } from '../ui/state-badge.js';
import { useSlashToSearch } from '../ui/use-slash-to-search.js';
import { buildTree, sectorsOf, type CommuneNode } from './tree-model.js';
import './navigator.css';

interface Props {
  readonly cameras: readonly Camera[];
  readonly placements: ReadonlyMap<string, CameraPlacement>;
  readonly recording: ReadonlyMap<string, RecordingState>;
  communeName(insee: string): string;
  readonly favourites: ReadonlySet<string>;
  readonly favouritesEnabled: boolean;
  toggleFavourite(cameraId: string): void;
  readonly watchedCameras: ReadonlySet<string>;
  readonly mayOpen: boolean;
  readonly selectedId: string | null;
  onSelect(cameraId: string | null): void;
  onOpen(cameraIds: readonly string[]): void;
  onFocusCommune(insee: string | null): void;
}

export function CameraNavigator(props: Props) {
  const { cameras, placements, communeName, favourites, watchedCameras, mayOpen } = props;
  const [query, setQuery] = useState('');
  const [onlyFavourites, setOnlyFavourites] = useState(false);
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const search = useRef<HTMLInputElement>(null);
  const tree = useRef<HTMLDivElement>(null);
  useSlashToSearch(search);

  const nodes = useMemo(
    () => buildTree({ cameras, placements, communeName, query, watchedCameras, only: onlyFavourites ? favourites : null }),
    [cameras, placements, communeName, query, watchedCameras, onlyFavourites, favourites],
  );
  const shown = nodes.reduce((n, c) => n + c.cameraCount, 0);
  // While searching every commune is unfolded, so that what matches is visible.
  const isFolded = (key: string): boolean => query === '' && folded.has(key);
  const setFold = (key: string, fold: boolean): void =>
    setFolded((current) => {
      const next = new Set(current);
      if (fold) next.add(key);
      else next.delete(key);
      return next;
    });

  function rows(): HTMLElement[] {
    return [...(tree.current?.querySelectorAll<HTMLElement>('.nav-row') ?? [])];
  }

  function onTreeKey(event: KeyboardEvent<HTMLDivElement>) {
    const target = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>('.nav-row') : null;
    if (target === null) return;
    const all = rows();
    const index = all.indexOf(target);
    const cameraId = target.dataset['cameraId'];
    const foldKey = target.dataset['fold'];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      all[Math.max(0, Math.min(all.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
    } else if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && foldKey !== undefined) {
      event.preventDefault();
      setFold(foldKey, event.key === 'ArrowLeft');
    } else if ((event.key === 'f' || event.key === 'F') && cameraId !== undefined && props.favouritesEnabled) {
      event.preventDefault();
      props.toggleFavourite(cameraId);
    }
  }

  function onSearchKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      const first = tree.current?.querySelector<HTMLElement>('.camera-card') ?? rows()[0];
      if (first !== undefined) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Escape') {
      setQuery('');
      search.current?.blur();
    }
  }

  const favouriteCameras = cameras.filter((c) => favourites.has(c.id));

  return (
    <aside className="navigator" aria-label="Navigateur de caméras">
      <div className="navigator-head">
        <input
          ref={search}
          type="search"
          className="search"
          placeholder="Caméra, commune, secteur…   ( / )"
          aria-label="Rechercher une caméra"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
        />
        <div className="navigator-filters">
          <span className="count" data-testid="camera-count">
            {shown === cameras.length ? `${cameras.length} caméras` : `${shown} / ${cameras.length} caméras`}
          </span>
          {props.favouritesEnabled && (
            <button type="button" className={`ghost small${onlyFavourites ? ' on' : ''}`} aria-pressed={onlyFavourites} onClick={() => setOnlyFavourites((v) => !v)}>
              ★ Favoris seulement
            </button>
          )}
        </div>
      </div>
      <div className="navigator-tree" ref={tree} onKeyDown={onTreeKey} role="tree" aria-label="Caméras par commune et secteur">
        {!onlyFavourites && favouriteCameras.length > 0 && query === '' && (
          <section className="nav-favourites" aria-label="Favoris">
            <div className="nav-group-title">★ Favoris</div>
            {favouriteCameras.map((camera) => (
              <button
                key={camera.id}
                type="button"
                className="nav-row nav-favourite"
                data-favourite-id={camera.id}
                onClick={() => mayOpen && props.onOpen([camera.id])}
                onFocus={() => props.onSelect(camera.id)}
              >
                <StateBadge state={camera.enabled ? camera.state : 'offline'} compact />
                <span className="nav-camera-name">{camera.name}</span>
                <span className="nav-dim">{communeName(camera.commune)}</span>
              </button>
            ))}
          </section>
        )}
        {nodes.length === 0 && (
          <EmptyState title={onlyFavourites && query === '' ? 'Aucune caméra en favori.' : `Aucune caméra ne correspond à « ${query} ».`}>
            {onlyFavourites && query === '' ? 'Cliquez sur l’étoile d’une caméra (ou touche F) pour l’ajouter.' : undefined}
          </EmptyState>
        )}
        {nodes.map((commune) => (
          <CommuneBranch key={commune.insee} commune={commune} folded={isFolded} setFold={setFold} {...props} />
        ))}
      </div>
      <p className="navigator-keys">
        <kbd>/</kbd> chercher <kbd>↑↓</kbd> parcourir <kbd>←→</kbd> replier <kbd>F</kbd> favori
      </p>
    </aside>
  );
}

function CommuneBranch({ commune, folded, setFold, ...props }: Props & { readonly commune: CommuneNode; folded(key: string): boolean; setFold(key: string, fold: boolean): void }) {
  const key = `commune:${commune.insee}`;
  const closed = folded(key);
  const trouble = commune.counts.offline + commune.counts.degraded;
  return (
    <section className={`nav-commune${commune.watched ? ' watched' : ''}`} data-commune={commune.insee} role="treeitem" aria-expanded={!closed}>
      <div className="nav-commune-head">
        <button type="button" className="nav-row nav-commune-row" data-fold={key} onClick={() => setFold(key, !closed)} onDoubleClick={() => props.onFocusCommune(commune.insee)}>
          <span className={`nav-caret${closed ? ' closed' : ''}`} aria-hidden="true" />
          <span className="nav-commune-name">{commune.name}</span>
          {commune.watched && <span className="tag watched">Veille</span>}
          <span className="nav-dim">{commune.cameraCount}</span>
          {trouble > 0 && (
            <span className="nav-trouble" title={`${commune.counts.offline} hors ligne, ${commune.counts.degraded} dégradée(s)`}>
              {trouble} ⚠
            </span>
          )}
        </button>
        {props.mayOpen && (
          <button
            type="button"
            className="ghost small nav-locate"
            title="Ouvrir les caméras de la commune en mosaïque (16 au plus)"
            aria-label={`Mosaïque de ${commune.name}`}
            onClick={() => props.onOpen(commune.sectors.flatMap((s) => s.cameras.map((c) => c.id)).slice(0, 16))}
          >
            ▦
          </button>
        )}
        <button
          type="button"
          className="ghost small nav-locate"
          title="Centrer la carte sur la commune"
          aria-label={`Centrer la carte sur ${commune.name}`}
          onClick={() => props.onFocusCommune(commune.insee)}
        >
          ◎
        </button>
      </div>
      {!closed && commune.sectors.length === 1 && commune.sectors[0]?.id === null && commune.sectors[0].cameras.map((camera) => <CameraRow key={camera.id} camera={camera} {...props} />)}
      {!closed &&
        !(commune.sectors.length === 1 && commune.sectors[0]?.id === null) &&
        commune.sectors.map((sector) => {
          const sectorKey = `sector:${commune.insee}:${sector.id ?? '-'}`;
          const sectorClosed = folded(sectorKey);
          return (
            <div key={sectorKey} className={`nav-sector${sector.sensitive ? ' sensitive' : ''}${sector.watched ? ' watched' : ''}`} data-sector-id={sector.id ?? ''} role="group">
              <button type="button" className="nav-row nav-sector-row" data-fold={sectorKey} onClick={() => setFold(sectorKey, !sectorClosed)}>
                <span className={`nav-caret${sectorClosed ? ' closed' : ''}`} aria-hidden="true" />
                <span className="nav-sector-name">{sector.name}</span>
                {sector.sensitive && <span className="tag sensitive">Sensible</span>}
                {sector.watched && <span className="tag watched">Veille en cours</span>}
                <span className="nav-dim">{sector.cameras.length}</span>
              </button>
              {!sectorClosed && sector.cameras.map((camera) => <CameraRow key={camera.id} camera={camera} {...props} />)}
            </div>
          );
        })}
    </section>
  );
}

function CameraRow({ camera, ...props }: Props & { readonly camera: Camera }) {
  const recorder = props.recording.get(camera.id);
  const others = sectorsOf(props.placements.get(camera.id)).slice(1);
  const starred = props.favourites.has(camera.id);
  return (
    <div className={`nav-camera${camera.id === props.selectedId ? ' selected' : ''}${props.watchedCameras.has(camera.id) ? ' watched' : ''}`}>
      <button
        type="button"
        className="nav-row camera-card"
        data-camera-id={camera.id}
        data-commune={camera.commune}
        title={props.mayOpen ? 'Ouvrir en direct (Entrée)' : 'Votre rôle ne donne pas accès aux images'}
        onClick={() => props.mayOpen && props.onOpen([camera.id])}
        onFocus={() => props.onSelect(camera.id)}
        onMouseEnter={() => props.onSelect(camera.id)}
      >
        <StateBadge state={camera.enabled ? camera.state : 'offline'} compact />
        <span className="nav-camera-name camera-name">{camera.name}</span>
        {others.length > 0 && <span className="nav-dim">+ {others.map((s) => s.name).join(', ')}</span>}
        {recorder === 'recording' && (
          <span className="nav-rec" title={RECORDING_LABELS.recording}>
            REC
          </span>
        )}
        {recorder !== undefined && recorder !== 'recording' && recorder !== 'disabled' && (
          <span className="nav-rec off" title={RECORDING_LABELS[recorder]}>
            REC
          </span>
        )}
        <span className="nav-type">{camera.enabled ? (TYPE_LABELS[camera.type] ?? camera.type) : 'Désactivée'}</span>
      </button>
      {props.favouritesEnabled && (
        <button
          type="button"
          className={`nav-star${starred ? ' on' : ''}`}
          aria-pressed={starred}
          aria-label={starred ? `Retirer ${camera.name} des favoris` : `Ajouter ${camera.name} aux favoris`}
          title={starred ? 'Retirer des favoris (F)' : 'Ajouter aux favoris (F)'}
          data-star={camera.id}
          onClick={() => props.toggleFavourite(camera.id)}
        >
          {starred ? '★' : '☆'}
        </button>
      )}
    </div>
  );
}
