// "Caméras": every camera the user may see, grouped by commune, with its state and a search box.
// Click or Enter opens the camera live; a commune's button opens all its cameras in a mosaic.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { TYPE_LABELS, can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { EmptyState } from '../ui/empty-state.js';
import { StateBadge } from '../ui/state-badge.js';
import { isDirection, moveFocus } from '../ui/spatial-focus.js';
import { useSlashToSearch } from '../ui/use-slash-to-search.js';
import { groupByCommune, useInventory } from './inventory.js';
import { layoutFor, mosaicPath } from '../live/mosaic-state.js';

export function CamerasPage() {
  const inventory = useInventory();
  const navigate = useNavigate();
  const mayWatch = can(useUser(), 'video.live');
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  useSlashToSearch(search);
  const groups = groupByCommune(inventory, query);
  const total = inventory.cameras.length;
  const shown = groups.reduce((n, g) => n + g.cameras.length, 0);

  useEffect(() => {
    document.title = 'Caméras — Vigie';
  }, []);

  function onListKey(event: KeyboardEvent<HTMLDivElement>) {
    if (!isDirection(event.key) || !(event.target instanceof HTMLElement)) return;
    const cards = [...(list.current?.querySelectorAll<HTMLElement>('.camera-card') ?? [])];
    const next = moveFocus(cards, event.target, event.key);
    if (next !== undefined) {
      event.preventDefault();
      next.focus();
    }
  }

  function onSearchKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'Enter') {
      const first = list.current?.querySelector<HTMLElement>('.camera-card');
      if (first !== null && first !== undefined) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Escape') {
      setQuery('');
      search.current?.blur();
    }
  }

  if (inventory.status === 'loading') return <div className="splash">Chargement des caméras…</div>;
  if (inventory.status === 'error') return <EmptyState title="Impossible de charger les caméras.">{inventory.error}</EmptyState>;
  if (total === 0)
    return (
      <EmptyState title="Aucune caméra ne vous est attribuée.">
        Votre compte n’a accès à aucune caméra. Si c’est une erreur, contactez l’administrateur de Vigie pour vérifier votre habilitation et votre commune.
      </EmptyState>
    );

  return (
    <section className="cameras-page">
      <div className="toolbar">
        <h1>Caméras</h1>
        <span className="count" data-testid="camera-count">
          {shown === total ? `${total} caméras` : `${shown} / ${total} caméras`}
        </span>
        <input
          ref={search}
          type="search"
          className="search"
          placeholder="Caméra ou commune…   ( / )"
          aria-label="Rechercher une caméra"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onSearchKey}
        />
      </div>
      <div className="commune-list" ref={list} onKeyDown={onListKey}>
        {groups.length === 0 && <EmptyState title={`Aucune caméra ne correspond à « ${query} ».`} />}
        {groups.map((group) => (
          <section key={group.insee} className="commune" data-commune={group.insee}>
            <header className="commune-header">
              <h2>{group.name}</h2>
              <span className="insee">{group.insee}</span>
              <span className="count">
                {group.cameras.length} caméra{group.cameras.length > 1 ? 's' : ''}
              </span>
              {mayWatch && (
                <button
                  type="button"
                  className="ghost small"
                  onClick={() =>
                    navigate(
                      mosaicPath(
                        layoutFor(group.cameras.length),
                        group.cameras.map((c) => c.id),
                      ),
                    )
                  }
                >
                  Mosaïque de la commune
                </button>
              )}
            </header>
            <div className="camera-grid">
              {group.cameras.map((camera) => (
                <button
                  key={camera.id}
                  type="button"
                  className="camera-card"
                  data-camera-id={camera.id}
                  data-commune={camera.commune}
                  title={mayWatch ? 'Ouvrir en direct' : 'Votre rôle ne donne pas accès aux images'}
                  onClick={() => mayWatch && navigate(mosaicPath(1, [camera.id]))}
                >
                  <span className="camera-name">{camera.name}</span>
                  <span className="camera-meta">
                    <StateBadge state={camera.enabled ? camera.state : 'offline'} />
                    <span className="camera-type">{camera.enabled ? (TYPE_LABELS[camera.type] ?? camera.type) : 'Désactivée'}</span>
                  </span>
                </button>
              ))}
            </div>
          </section>
        ))}
      </div>
    </section>
  );
}
