// The form of one camera in "Parc de caméras": place and field of view (with a compass preview, and placed by a
// click on the commune's map), the prefectoral authorisation, retention, purposes and streams with "Tester le flux".
// Blank (camera null), it adds a camera with POST /api/cameras; otherwise it saves changes with PATCH
// /api/cameras/:id. A refusal names each field at fault in French, beside the field and above the button; nothing
// is written then. Read-only for those who may not manage.
import { useEffect, useState, type FormEvent } from 'react';
import { apiRequest } from '../api/client.js';
import { TYPE_LABELS, type Commune } from '../api/contracts.js';
import { readEstateCameras, type EstateCamera } from './estate-api.js';
import { CameraProbe } from './cameras-probe.js';
import { CommuneSelect } from './commune-select.js';
import { PlaceOnMap } from './place-on-map.js';
import { refusalIssues, type FormIssue } from './camera-form-issues.js';
import { FIELD_LABELS, PURPOSE_LABELS, daysUntil, isoToFrench } from './estate-labels.js';

interface Draft {
  name: string;
  commune: string;
  lat: string;
  lon: string;
  type: string;
  directionDeg: string;
  angleDeg: string;
  rangeM: string;
  retentionDays: string;
  purposes: string[];
  authorisationRef: string;
  authorisationExpiresOn: string;
  narrowField: boolean;
  enabled: boolean;
  mainUrl: string;
  subUrl: string;
}

/** A new camera: the usual purpose of urban CCTV ticked, retention left to the centre's default. */
const BLANK: Draft = {
  name: '',
  commune: '',
  lat: '',
  lon: '',
  type: 'fixed',
  directionDeg: '',
  angleDeg: '',
  rangeM: '',
  retentionDays: '',
  purposes: ['crime-prevention'],
  authorisationRef: '',
  authorisationExpiresOn: '',
  narrowField: false,
  enabled: true,
  mainUrl: '',
  subUrl: '',
};

function draftOf(camera: EstateCamera | null): Draft {
  if (camera === null) return BLANK;
  const fov = camera.fieldOfView;
  return {
    name: camera.name,
    commune: camera.commune,
    lat: String(camera.lat),
    lon: String(camera.lon),
    type: camera.type,
    directionDeg: fov === null ? '' : String(fov.directionDeg),
    angleDeg: fov === null ? '' : String(fov.angleDeg),
    rangeM: fov?.rangeM === undefined ? '' : String(fov.rangeM),
    retentionDays: String(camera.retentionDays),
    purposes: [...camera.purposes],
    authorisationRef: camera.authorisationRef ?? '',
    authorisationExpiresOn: isoToFrench(camera.authorisationExpiresOn),
    narrowField: camera.narrowField,
    enabled: camera.enabled,
    mainUrl: camera.mainUrl ?? '',
    subUrl: camera.subUrl ?? '',
  };
}

const decimal = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text.replace(',', '.'))) ? Number(text.replace(',', '.')) : text);

/** A new camera's retention left empty takes the centre's default (the server's); a change always sends it. */
function bodyOf(draft: Draft, creating: boolean): Record<string, unknown> {
  const fovGiven = [draft.directionDeg, draft.angleDeg, draft.rangeM].some((v) => v.trim() !== '');
  return {
    name: draft.name,
    commune: draft.commune,
    lat: decimal(draft.lat),
    lon: decimal(draft.lon),
    type: draft.type,
    fieldOfView: fovGiven ? { directionDeg: decimal(draft.directionDeg), angleDeg: decimal(draft.angleDeg), ...(draft.rangeM.trim() === '' ? {} : { rangeM: decimal(draft.rangeM) }) } : null,
    ...(creating && draft.retentionDays.trim() === '' ? {} : { retentionDays: decimal(draft.retentionDays) }),
    purposes: draft.purposes,
    authorisationRef: draft.authorisationRef.trim() === '' ? null : draft.authorisationRef,
    authorisationExpiresOn: draft.authorisationExpiresOn.trim() === '' ? null : draft.authorisationExpiresOn,
    narrowField: draft.narrowField,
    enabled: draft.enabled,
    mainUrl: draft.mainUrl,
    subUrl: draft.subUrl.trim() === '' ? null : draft.subUrl,
  };
}

interface Props {
  /** null: a blank form that adds a camera. */
  readonly camera: EstateCamera | null;
  readonly communes: readonly Commune[];
  readonly editable: boolean;
  /** The camera as saved (the new one, when added). */
  onSaved(camera: EstateCamera): void;
  /** Offered beside the button of a blank form. */
  onCancel?(): void;
}

export function CameraForm({ camera, communes, editable, onSaved, onCancel }: Props) {
  const creating = camera === null;
  const [draft, setDraft] = useState<Draft>(() => draftOf(camera));
  const [issues, setIssues] = useState<readonly FormIssue[]>([]);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  useEffect(() => {
    setDraft(draftOf(camera));
    setIssues([]);
    setState('idle');
  }, [camera]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void => {
    setDraft((d) => ({ ...d, [key]: value }));
    setState('idle');
  };

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setState('saving');
    setIssues([]);
    try {
      const saved = creating ? await apiRequest('POST', '/api/cameras', bodyOf(draft, true)) : await apiRequest('PATCH', `/api/cameras/${encodeURIComponent(camera.id)}`, bodyOf(draft, false));
      setState('saved');
      onSaved(readEstateCameras([saved])[0] ?? (camera as EstateCamera));
    } catch (failure) {
      setState('idle');
      setIssues(refusalIssues(failure, (field) => String(draft[field as keyof Draft] ?? '').trim() === ''));
    }
  };
  /** The refusals about these fields, shown under them (for the eyes: the list above the button is the one announced, and the field keeps its name). */
  const issuesOf = (...fields: string[]) => {
    const own = issues.filter((i) => fields.includes(i.field));
    return own.length === 0 ? null : (
      <span className="estate-field-issue" aria-hidden="true" data-testid={`issue-${fields[0] ?? ''}`}>
        {own.map((i) => i.text).join(' ')}
      </span>
    );
  };

  const expiry = camera?.authorisationExpiresOn == null ? null : daysUntil(camera.authorisationExpiresOn);
  const numeric = (text: string): number | null => (text.trim() === '' || !Number.isFinite(Number(text.replace(',', '.'))) ? null : Number(text.replace(',', '.')));
  return (
    <form className="estate-form" onSubmit={(e) => void save(e)} aria-label={creating ? 'Nouvelle caméra' : `Fiche de ${camera.name}`} data-testid="camera-form">
      {creating && <h2>Ajouter une caméra</h2>}
      <fieldset disabled={!editable}>
        <legend>Identification et place</legend>
        <label className="estate-field">
          <span>{FIELD_LABELS['name']} (identifiant unique de la caméra)</span>
          <input value={draft.name} onChange={(e) => set('name', e.target.value)} placeholder={creating ? 'ex. CHARTRES-042 Place des Épars' : undefined} />
          {issuesOf('name')}
        </label>
        <CommuneSelect communes={communes} value={draft.commune} onChange={(insee) => set('commune', insee)} {...(creating ? { placeholder: 'Choisir la commune…' } : {})}>
          {issuesOf('commune')}
        </CommuneSelect>
        <div className="estate-row">
          <label className="estate-field short">
            <span>Latitude</span>
            <input value={draft.lat} inputMode="decimal" onChange={(e) => set('lat', e.target.value)} placeholder={creating ? 'ex. 48,4469' : undefined} />
            {issuesOf('lat')}
          </label>
          <label className="estate-field short">
            <span>Longitude</span>
            <input value={draft.lon} inputMode="decimal" onChange={(e) => set('lon', e.target.value)} placeholder={creating ? 'ex. 1,4892' : undefined} />
            {issuesOf('lon')}
          </label>
          <label className="estate-field short">
            <span>Type</span>
            <select value={draft.type} onChange={(e) => set('type', e.target.value)}>
              {Object.entries(TYPE_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="estate-row">
          <label className="estate-field short">
            <span>Orientation (°, 0 = nord)</span>
            <input value={draft.directionDeg} inputMode="decimal" onChange={(e) => set('directionDeg', e.target.value)} data-testid="fov-direction" />
          </label>
          <label className="estate-field short">
            <span>Angle de champ (°)</span>
            <input value={draft.angleDeg} inputMode="decimal" onChange={(e) => set('angleDeg', e.target.value)} />
          </label>
          <label className="estate-field short">
            <span>Portée (m)</span>
            <input value={draft.rangeM} inputMode="decimal" onChange={(e) => set('rangeM', e.target.value)} />
          </label>
          <Compass direction={numeric(draft.directionDeg)} angle={numeric(draft.angleDeg)} />
        </div>
        {issuesOf('fieldOfView.directionDeg', 'fieldOfView.angleDeg', 'fieldOfView.rangeM', 'fieldOfView')}
      </fieldset>
      <PlaceOnMap
        name={draft.name}
        commune={draft.commune}
        position={numeric(draft.lat) === null || numeric(draft.lon) === null ? null : { lat: numeric(draft.lat) as number, lon: numeric(draft.lon) as number }}
        fieldOfView={
          numeric(draft.directionDeg) === null || numeric(draft.angleDeg) === null
            ? null
            : {
                directionDeg: numeric(draft.directionDeg) as number,
                angleDeg: numeric(draft.angleDeg) as number,
                ...(numeric(draft.rangeM) === null ? {} : { rangeM: numeric(draft.rangeM) as number }),
              }
        }
        editable={editable}
        onPlace={(point) => {
          set('lat', point.lat.toFixed(6));
          set('lon', point.lon.toFixed(6));
        }}
      />

      <fieldset disabled={!editable}>
        <legend>Autorisation préfectorale</legend>
        <div className="estate-row">
          <label className="estate-field">
            <span>{FIELD_LABELS['authorisationRef']}</span>
            <input value={draft.authorisationRef} onChange={(e) => set('authorisationRef', e.target.value)} placeholder="ex. 2024-PREF-0042" />
            {issuesOf('authorisationRef')}
          </label>
          <label className="estate-field short">
            <span>Fin d’autorisation (JJ/MM/AAAA)</span>
            <input value={draft.authorisationExpiresOn} onChange={(e) => set('authorisationExpiresOn', e.target.value)} placeholder="JJ/MM/AAAA" />
            {issuesOf('authorisationExpiresOn')}
          </label>
        </div>
        {expiry !== null && expiry < 0 && <p className="estate-error">Autorisation expirée depuis le {isoToFrench(camera?.authorisationExpiresOn ?? null)} : à renouveler auprès de la préfecture.</p>}
        {expiry !== null && expiry >= 0 && expiry <= 90 && <p className="estate-warn">Autorisation à renouveler : elle expire dans {expiry} jour(s).</p>}
        <div className="estate-row">
          <label className="estate-field short">
            <span>Conservation (jours, 30 au plus)</span>
            <input
              value={draft.retentionDays}
              inputMode="numeric"
              onChange={(e) => set('retentionDays', e.target.value)}
              data-testid="retention"
              placeholder={creating ? 'vide : durée du centre' : undefined}
            />
            {issuesOf('retentionDays')}
          </label>
          <label className="estate-check">
            <input type="checkbox" checked={draft.narrowField} onChange={(e) => set('narrowField', e.target.checked)} />
            Champ étroit (seuils renforcés de l’arrêté du 3 août 2007)
          </label>
          <label className="estate-check">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} />
            Caméra active
          </label>
        </div>
        <div className="estate-purposes" role="group" aria-label="Finalités autorisées">
          {Object.entries(PURPOSE_LABELS).map(([value, label]) => (
            <label key={value} className="estate-check">
              <input
                type="checkbox"
                checked={draft.purposes.includes(value)}
                onChange={(e) => set('purposes', e.target.checked ? [...draft.purposes, value] : draft.purposes.filter((p) => p !== value))}
              />
              {label}
            </label>
          ))}
        </div>
        {issuesOf('purposes')}
      </fieldset>

      <fieldset disabled={!editable}>
        <legend>Flux</legend>
        <label className="estate-field">
          <span>{FIELD_LABELS['mainUrl']}</span>
          <input value={draft.mainUrl} onChange={(e) => set('mainUrl', e.target.value)} placeholder={creating ? 'rtsp://utilisateur:motdepasse@adresse:554/chemin' : 'rtsp://…'} />
          {issuesOf('mainUrl', 'username', 'password')}
        </label>
        <label className="estate-field">
          <span>{FIELD_LABELS['subUrl']}</span>
          <input value={draft.subUrl} onChange={(e) => set('subUrl', e.target.value)} placeholder="rtsp://… (facultatif)" />
          {issuesOf('subUrl')}
        </label>
        <p className="estate-note">
          {creating
            ? 'Un identifiant et un mot de passe écrits dans l’adresse sont retirés de l’adresse et enregistrés chiffrés, jamais affichés.'
            : camera.hasCredentials
              ? 'Identifiants de la caméra enregistrés (chiffrés, jamais affichés).'
              : 'Aucun identifiant enregistré pour cette caméra.'}
        </p>
      </fieldset>
      {editable && !creating && <CameraProbe cameraId={camera.id} hasSub={camera.subUrl !== null} />}

      {issues.length > 0 && (
        <ul className="estate-error" role="alert" data-testid="form-issues">
          {issues.map((issue) => (
            <li key={`${issue.field}:${issue.text}`}>{issue.text}</li>
          ))}
        </ul>
      )}
      {editable && (
        <div className="estate-actions">
          <button type="submit" className="primary" disabled={state === 'saving'}>
            {state === 'saving' ? 'Enregistrement…' : creating ? 'Ajouter la caméra' : 'Enregistrer'}
          </button>
          {creating && onCancel !== undefined && (
            <button type="button" onClick={onCancel}>
              Annuler
            </button>
          )}
          {state === 'saved' && !creating && <span className="estate-ok">Modifications enregistrées.</span>}
        </div>
      )}
    </form>
  );
}

/** A small compass: the wedge the camera covers, drawn from the typed direction and angle. */
function Compass({ direction, angle }: { readonly direction: number | null; readonly angle: number | null }) {
  const r = 34;
  const wedge = (() => {
    if (direction === null || angle === null || angle <= 0) return null;
    if (angle >= 360) return <circle cx={0} cy={0} r={r} className="compass-wedge" />;
    const point = (deg: number) => [Math.sin((deg * Math.PI) / 180) * r, -Math.cos((deg * Math.PI) / 180) * r] as const;
    const [x1, y1] = point(direction - angle / 2);
    const [x2, y2] = point(direction + angle / 2);
    return <path d={`M0 0 L${x1.toFixed(1)} ${y1.toFixed(1)} A${r} ${r} 0 ${angle > 180 ? 1 : 0} 1 ${x2.toFixed(1)} ${y2.toFixed(1)} Z`} className="compass-wedge" />;
  })();
  return (
    <svg className="compass" viewBox="-40 -40 80 80" width={80} height={80} role="img" aria-label={direction === null ? 'Orientation inconnue' : `Orientation ${direction}°`}>
      <circle cx={0} cy={0} r={r} className="compass-ring" />
      <text x={0} y={-r + 9} textAnchor="middle" className="compass-n">
        N
      </text>
      {wedge}
      <circle cx={0} cy={0} r={3} className="compass-dot" />
    </svg>
  );
}
