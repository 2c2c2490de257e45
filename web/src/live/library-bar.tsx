// The mosaic's second toolbar: open a saved mosaic (own or shared), save the current one under a name (shared
// with everyone when the role manages the wall), delete one's own; pick a tour and play / pause / skip it,
// with the seconds left in the step.
import { useState, type FormEvent } from 'react';
import { can } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import type { MosaicLayout } from './mosaic-state.js';
import { libraryError, toMosaic, useSavedLibrary } from './saved-library.js';
import { useTour } from './use-tour.js';

interface LibraryBarProps {
  readonly layout: MosaicLayout;
  readonly onShow: (layout: MosaicLayout) => void;
}

export function LibraryBar({ layout, onShow }: LibraryBarProps) {
  const user = useUser();
  const library = useSavedLibrary(can(user, 'mosaic.save'));
  const layouts = library.state.status === 'ready' ? library.state.layouts : [];
  const tours = library.state.status === 'ready' ? library.state.tours : [];
  const tour = useTour(layouts, onShow);
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [notice, setNotice] = useState<{ readonly kind: 'ok' | 'error'; readonly text: string } | null>(null);
  const mayShare = can(user, 'wall.manage');

  if (library.state.status === 'unavailable')
    return (
      <div className="library-bar">
        <span className="library-note">{library.state.reason}</span>
      </div>
    );

  const own = layouts.filter((l) => l.ownerId === user.id);
  const others = layouts.filter((l) => l.ownerId !== user.id);
  const current = layouts.find((l) => l.id === chosen);

  const open = (id: string): void => {
    setChosen(id);
    const saved = layouts.find((l) => l.id === id);
    if (saved === undefined) return;
    tour.stop();
    setName(saved.name);
    onShow(toMosaic(saved));
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') {
      setNotice({ kind: 'error', text: 'Donnez un nom à la mosaïque.' });
      return;
    }
    // The same name as one's own open mosaic replaces it; any other name makes a new one.
    const replacing = current !== undefined && current.ownerId === user.id && current.name === trimmed ? current.id : undefined;
    try {
      const saved = await library.save(trimmed, shared && mayShare, layout, replacing);
      setChosen(saved.id);
      setNotice({ kind: 'ok', text: replacing === undefined ? `Mosaïque « ${saved.name} » enregistrée.` : `Mosaïque « ${saved.name} » mise à jour.` });
    } catch (error) {
      setNotice({ kind: 'error', text: libraryError(error) });
    }
  };

  const remove = async (): Promise<void> => {
    if (current === undefined) return;
    try {
      await library.remove(current.id);
      setChosen('');
      setNotice({ kind: 'ok', text: `Mosaïque « ${current.name} » supprimée.` });
    } catch (error) {
      setNotice({ kind: 'error', text: libraryError(error) });
    }
  };

  const playing = tour.state.tour;
  return (
    <div className="library-bar">
      <label className="library-field">
        <span>Mosaïques</span>
        <select value={chosen} onChange={(e) => open(e.target.value)} aria-label="Ouvrir une mosaïque enregistrée">
          <option value="">{layouts.length === 0 ? 'Aucune enregistrée' : 'Ouvrir…'}</option>
          {own.length > 0 && (
            <optgroup label="Les miennes">
              {own.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                  {l.shared ? ' (partagée)' : ''}
                </option>
              ))}
            </optgroup>
          )}
          {others.length > 0 && (
            <optgroup label="Partagées">
              {others.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      {current !== undefined && current.ownerId === user.id && (
        <button type="button" className="ghost small" onClick={() => void remove()} title="Supprimer cette mosaïque enregistrée">
          Supprimer
        </button>
      )}
      <form className="library-save" onSubmit={(e) => void submit(e)}>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Nom de la mosaïque" aria-label="Nom de la mosaïque" maxLength={100} />
        {mayShare && (
          <label className="library-check">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> partagée
          </label>
        )}
        <button type="submit" className="small">
          Enregistrer
        </button>
      </form>
      <span className="library-tour">
        <label className="library-field">
          <span>Ronde</span>
          <select
            value={playing?.id ?? ''}
            onChange={(e) => {
              const picked = tours.find((t) => t.id === e.target.value);
              if (picked === undefined) tour.stop();
              else tour.start(picked);
            }}
            aria-label="Lancer une ronde"
          >
            <option value="">{tours.length === 0 ? 'Aucune ronde' : 'Aucune'}</option>
            {tours.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        {playing !== null && (
          <>
            <button type="button" className="small" onClick={tour.toggle} data-tour-state={tour.state.playing ? 'playing' : 'paused'}>
              {tour.state.playing ? 'Pause' : 'Reprendre'}
            </button>
            <button type="button" className="ghost small" onClick={tour.next}>
              Suivante
            </button>
            <span className="tour-countdown" data-seconds-left={tour.state.secondsLeft}>
              Étape {tour.state.step + 1}/{playing.steps.length} · {tour.state.playing ? `${tour.state.secondsLeft} s` : 'en pause'}
            </span>
          </>
        )}
      </span>
      {notice !== null && (
        <span className={`library-notice ${notice.kind}`} role="status">
          {notice.text}
        </span>
      )}
    </div>
  );
}
