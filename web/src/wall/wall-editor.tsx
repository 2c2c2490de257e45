// The wall's set-up for room leads and administrators (wall.manage), under the wall in « Mur d'images »: presets
// saved from what the wall shows now (« jour », « nuit », « jour de marché »), replaced or deleted; monitors added,
// renamed, moved in the wall's grid or removed. The server journals each change and tells every console.
import { useState, type FormEvent } from 'react';
import { ApiError, apiRequest } from '../api/client.js';
import type { WallAssignment, WallMonitor, WallPresetSummary } from '../api/contracts.js';
import { wallErrorMessage, type AssignmentInput } from './wall-text.js';

type Feedback = (text: string, problem: boolean) => void;

/** What a monitor shows, as the preset API takes it back (a layout pushed without being saved travels whole). */
export function inputOf(assignment: WallAssignment): AssignmentInput {
  switch (assignment.kind) {
    case 'camera':
      return assignment.cameraId === null ? { kind: 'empty' } : { kind: 'camera', cameraId: assignment.cameraId };
    case 'layout':
      return assignment.layoutId !== null
        ? { kind: 'layout', layoutId: assignment.layoutId }
        : { kind: 'layout', layout: { name: assignment.name, cols: assignment.cols, rows: assignment.rows, tiles: assignment.tiles } };
    case 'tour':
      return { kind: 'tour', tourId: assignment.tourId };
    case 'alarm':
      return { kind: 'alarm' };
    case 'empty':
      return { kind: 'empty' };
  }
}

const refusal = (error: unknown): string => wallErrorMessage(error instanceof ApiError ? error.code : 'NETWORK');

export function WallEditor({ monitors, presets, onFeedback }: { readonly monitors: readonly WallMonitor[]; readonly presets: readonly WallPresetSummary[]; readonly onFeedback: Feedback }) {
  return (
    <details className="wall-editor">
      <summary>Réglages du mur (préréglages et moniteurs)</summary>
      <PresetEditor monitors={monitors} presets={presets} onFeedback={onFeedback} />
      <MonitorEditor monitors={monitors} onFeedback={onFeedback} />
    </details>
  );
}

function PresetEditor({ monitors, presets, onFeedback }: { readonly monitors: readonly WallMonitor[]; readonly presets: readonly WallPresetSummary[]; readonly onFeedback: Feedback }) {
  const [name, setName] = useState('');
  const [deleting, setDeleting] = useState<string | null>(null);
  const current = () => Object.fromEntries(monitors.map((m) => [m.id, inputOf(m.assignment)]));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = name.trim();
    if (wanted === '') return onFeedback('Donnez un nom au préréglage (par exemple « Nuit »).', true);
    try {
      await apiRequest('POST', '/api/wall/presets', { name: wanted, assignments: current() });
      onFeedback(`Préréglage « ${wanted} » enregistré avec ce que montrent les ${monitors.length} moniteurs`, false);
      setName('');
    } catch (error) {
      onFeedback(refusal(error), true);
    }
  };
  const replace = async (preset: WallPresetSummary) => {
    try {
      await apiRequest('PUT', `/api/wall/presets/${encodeURIComponent(preset.id)}`, { name: preset.name, assignments: current() });
      onFeedback(`Préréglage « ${preset.name} » remplacé par l’état actuel du mur`, false);
    } catch (error) {
      onFeedback(refusal(error), true);
    }
  };
  const remove = async (preset: WallPresetSummary) => {
    setDeleting(null);
    try {
      await apiRequest('DELETE', `/api/wall/presets/${encodeURIComponent(preset.id)}`);
      onFeedback(`Préréglage « ${preset.name} » supprimé`, false);
    } catch (error) {
      onFeedback(refusal(error), true);
    }
  };

  return (
    <section className="wall-editor-part" aria-label="Préréglages du mur">
      <h3>Préréglages</h3>
      <form className="wall-editor-row" onSubmit={(event) => void save(event)}>
        <label htmlFor="wall-preset-name">Nouveau préréglage</label>
        <input id="wall-preset-name" value={name} maxLength={100} placeholder="Jour de marché" onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={monitors.length === 0}>
          Enregistrer l’état actuel du mur
        </button>
      </form>
      {presets.length === 0 && <p className="wall-help">Aucun préréglage : placez les images voulues sur les moniteurs, puis enregistrez-les sous un nom.</p>}
      <ul className="wall-editor-list">
        {presets.map((preset) => (
          <li key={preset.id} data-preset={preset.name}>
            <span>{preset.name}</span>
            <button type="button" onClick={() => void replace(preset)}>
              Remplacer par l’état actuel
            </button>
            {deleting === preset.id ? (
              <button type="button" className="danger" onClick={() => void remove(preset)}>
                Confirmer la suppression
              </button>
            ) : (
              <button type="button" onClick={() => setDeleting(preset.id)}>
                Supprimer
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

interface Place {
  name: string;
  row: string;
  col: string;
}

/** Rows and columns are counted from 1 on screen, from 0 by the API. */
function readPlace(place: Place): { name: string; row: number; col: number } | string {
  const name = place.name.trim();
  const row = Number(place.row);
  const col = Number(place.col);
  if (name === '') return 'Donnez un nom au moniteur.';
  if (!Number.isInteger(row) || !Number.isInteger(col) || row < 1 || col < 1 || row > 100 || col > 100) return 'La ligne et la colonne sont des nombres entiers de 1 à 100.';
  return { name, row: row - 1, col: col - 1 };
}

function MonitorEditor({ monitors, onFeedback }: { readonly monitors: readonly WallMonitor[]; readonly onFeedback: Feedback }) {
  const [added, setAdded] = useState<Place & { id: string }>({ id: '', name: '', row: '1', col: String(monitors.length + 1) });

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const place = readPlace(added);
    if (typeof place === 'string') return onFeedback(place, true);
    if (!/^[A-Za-z0-9_-]{1,20}$/.test(added.id)) return onFeedback('L’identifiant du moniteur : 1 à 20 lettres sans accent, chiffres, - ou _ (par exemple « m13 »).', true);
    try {
      await apiRequest('POST', '/api/wall/monitors', { id: added.id, ...place });
      onFeedback(`Moniteur « ${place.name} » ajouté : ouvrez /wall/${added.id} sur son écran`, false);
      setAdded({ id: '', name: '', row: '1', col: String(monitors.length + 2) });
    } catch (error) {
      onFeedback(refusal(error), true);
    }
  };

  return (
    <section className="wall-editor-part" aria-label="Moniteurs du mur">
      <h3>Moniteurs</h3>
      <table className="wall-editor-table">
        <thead>
          <tr>
            <th scope="col">Identifiant</th>
            <th scope="col">Nom</th>
            <th scope="col">Ligne</th>
            <th scope="col">Colonne</th>
            <th scope="col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {monitors.map((monitor) => (
            // Keyed on what it shows, so a change made from another console refreshes the row's fields.
            <MonitorRow key={`${monitor.id}|${monitor.name}|${monitor.row}|${monitor.col}`} monitor={monitor} onFeedback={onFeedback} />
          ))}
        </tbody>
      </table>
      <form className="wall-editor-row" onSubmit={(event) => void add(event)} aria-label="Ajouter un moniteur">
        <input aria-label="Identifiant du nouveau moniteur" placeholder="m13" value={added.id} maxLength={20} onChange={(e) => setAdded({ ...added, id: e.target.value.trim() })} />
        <input aria-label="Nom du nouveau moniteur" placeholder="Écran 13" value={added.name} maxLength={100} onChange={(e) => setAdded({ ...added, name: e.target.value })} />
        <input aria-label="Ligne du nouveau moniteur" type="number" min={1} max={100} value={added.row} onChange={(e) => setAdded({ ...added, row: e.target.value })} />
        <input aria-label="Colonne du nouveau moniteur" type="number" min={1} max={100} value={added.col} onChange={(e) => setAdded({ ...added, col: e.target.value })} />
        <button type="submit">Ajouter le moniteur</button>
      </form>
    </section>
  );
}

function MonitorRow({ monitor, onFeedback }: { readonly monitor: WallMonitor; readonly onFeedback: Feedback }) {
  const [place, setPlace] = useState<Place>({ name: monitor.name, row: String(monitor.row + 1), col: String(monitor.col + 1) });
  const [removing, setRemoving] = useState(false);
  const path = `/api/wall/monitors/${encodeURIComponent(monitor.id)}`;

  const save = async () => {
    const read = readPlace(place);
    if (typeof read === 'string') return onFeedback(read, true);
    try {
      await apiRequest('PATCH', path, read);
      onFeedback(`Moniteur « ${read.name} » enregistré`, false);
    } catch (error) {
      onFeedback(refusal(error), true);
    }
  };
  const remove = async () => {
    setRemoving(false);
    try {
      await apiRequest('DELETE', path);
      onFeedback(`Moniteur « ${monitor.name} » retiré du mur`, false);
    } catch (error) {
      onFeedback(refusal(error), true);
    }
  };

  return (
    <tr data-monitor-row={monitor.id}>
      <td>
        <code>{monitor.id}</code>
      </td>
      <td>
        <input aria-label={`Nom du moniteur ${monitor.id}`} value={place.name} maxLength={100} onChange={(e) => setPlace({ ...place, name: e.target.value })} />
      </td>
      <td>
        <input aria-label={`Ligne du moniteur ${monitor.id}`} type="number" min={1} max={100} value={place.row} onChange={(e) => setPlace({ ...place, row: e.target.value })} />
      </td>
      <td>
        <input aria-label={`Colonne du moniteur ${monitor.id}`} type="number" min={1} max={100} value={place.col} onChange={(e) => setPlace({ ...place, col: e.target.value })} />
      </td>
      <td className="wall-editor-actions">
        <button type="button" onClick={() => void save()}>
          Enregistrer
        </button>
        {removing ? (
          <button type="button" className="danger" onClick={() => void remove()}>
            Confirmer le retrait
          </button>
        ) : (
          <button type="button" onClick={() => setRemoving(true)}>
            Retirer
          </button>
        )}
      </td>
    </tr>
  );
}
