// « Ajouter par ONVIF » and « Caméras découvertes » on /admin/cameras (administrators): read a device from its
// address and credentials (profiles, main/sub streams, snapshot, PTZ and its limits), add the camera from it, or
// find devices with WS-Discovery on a chosen local address and pick one. The password is sent, never shown back.
import { useState, type FormEvent } from 'react';
import { apiRequest } from '../api/client.js';
import { ApiError } from '../api/api-error.js';
import type { Commune } from '../api/contracts.js';
import { asRecord, readArray, readNumber, readString } from '../api/read.js';

interface Inspection {
  readonly model: string;
  readonly manufacturer: string;
  readonly mainUri: string;
  readonly subUri: string | null;
  readonly snapshotUri: string | null;
  readonly profiles: number;
  readonly ptz: string | null;
}

interface Discovered {
  readonly address: string;
  readonly name: string;
  readonly known: boolean;
}

function readInspection(payload: unknown): Inspection | null {
  const record = asRecord(payload);
  if (record === null) return null;
  const device = asRecord(record['device']) ?? {};
  const ptz = asRecord(record['ptz']);
  const pan = asRecord(ptz?.['pan']);
  const zoom = asRecord(ptz?.['zoom']);
  return {
    model: readString(device, 'model') ?? '',
    manufacturer: readString(device, 'manufacturer') ?? '',
    mainUri: readString(record, 'mainUri') ?? '',
    subUri: readString(record, 'subUri') ?? null,
    snapshotUri: readString(record, 'snapshotUri') ?? null,
    profiles: readArray(record['profiles']).length,
    ptz:
      ptz === null
        ? null
        : `orientable : pan ${readNumber(pan ?? {}, 'min') ?? -1} à ${readNumber(pan ?? {}, 'max') ?? 1}, zoom ${readNumber(zoom ?? {}, 'min') ?? 0} à ${readNumber(zoom ?? {}, 'max') ?? 1}, ${readNumber(ptz, 'maxPresets') ?? '?'} préréglages au plus`,
  };
}

function readDiscovered(payload: unknown): Discovered[] {
  return readArray(asRecord(payload)?.['devices']).flatMap((item) => {
    const record = asRecord(item);
    const address = readArray(record?.['xaddrs'])[0];
    if (record === null || typeof address !== 'string') return [];
    return [{ address, name: readString(record, 'name') ?? readString(record, 'hardware') ?? address, known: record['known'] === true }];
  });
}

function errorText(error: unknown): string {
  if (error instanceof ApiError && /^VIGIE_ONVIF_/.test(error.code)) return error.message;
  if (error instanceof ApiError && error.status === 400) return 'Un champ est manquant ou invalide (nom, commune, position).';
  if (error instanceof ApiError && error.status === 403) return 'Seuls les administrateurs ajoutent des caméras.';
  return 'La demande n’a pas abouti ; réessayez dans un instant.';
}

export function OnvifOnboarding({ communes, onAdded }: { readonly communes: readonly Commune[]; readonly onAdded: () => void }) {
  const [address, setAddress] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [name, setName] = useState('');
  const [commune, setCommune] = useState('');
  const [lat, setLat] = useState('');
  const [lon, setLon] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [localAddress, setLocalAddress] = useState('');
  const [found, setFound] = useState<Discovered[] | null>(null);

  const credentials = () => (username === '' ? { address } : { address, username, password });
  const inspect = async (event: FormEvent) => {
    event.preventDefault();
    setBusy('Lecture de la caméra (jusqu’à 5 s par question)…');
    setMessage(null);
    setDone(null);
    try {
      setInspection(readInspection(await apiRequest('POST', '/api/onvif/inspect', credentials())));
    } catch (error) {
      setInspection(null);
      setMessage(errorText(error));
    } finally {
      setBusy(null);
    }
  };
  const add = async () => {
    setBusy('Ajout de la caméra…');
    setMessage(null);
    try {
      await apiRequest('POST', '/api/onvif/cameras', { ...credentials(), name, commune, lat: Number(lat), lon: Number(lon) });
      setDone(`Caméra « ${name} » ajoutée.`);
      setInspection(null);
      setPassword('');
      onAdded();
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(null);
    }
  };
  const discover = async () => {
    setBusy('Recherche sur le réseau pendant 3 s…');
    try {
      setFound(readDiscovered(await apiRequest('POST', '/api/onvif/discover', localAddress === '' ? {} : { localAddress })));
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="onvif-onboarding" data-testid="onvif-onboarding">
      <h2>Ajouter par ONVIF</h2>
      <form onSubmit={(event) => void inspect(event)} className="estate-form">
        <label>
          Adresse ONVIF
          <input value={address} onChange={(e) => setAddress(e.target.value)} placeholder="http://10.0.0.5/onvif/device_service ou 10.0.0.5:80" required />
        </label>
        <label>
          Identifiant
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
        </label>
        <label>
          Mot de passe
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
        </label>
        <button type="submit" disabled={busy !== null}>
          Lire la caméra
        </button>
      </form>
      {busy !== null && <p className="estate-note">{busy}</p>}
      {message !== null && <p className="estate-error">{message}</p>}
      {done !== null && <p className="estate-note">{done}</p>}
      {inspection !== null && (
        <div className="onvif-found">
          <p>
            {inspection.manufacturer} {inspection.model} — {inspection.profiles} profil(s) ; {inspection.ptz ?? 'caméra fixe'}.
          </p>
          <p>
            Flux principal : <code>{inspection.mainUri}</code>
            {inspection.subUri !== null && (
              <>
                <br />
                Flux secondaire : <code>{inspection.subUri}</code>
              </>
            )}
            {inspection.snapshotUri !== null && (
              <>
                <br />
                Image fixe : <code>{inspection.snapshotUri}</code>
              </>
            )}
          </p>
          <div className="estate-form">
            <label>
              Nom
              <input value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label>
              Commune
              <select value={commune} onChange={(e) => setCommune(e.target.value)}>
                <option value="">—</option>
                {communes.map((c) => (
                  <option key={c.insee} value={c.insee}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Latitude
              <input value={lat} onChange={(e) => setLat(e.target.value)} inputMode="decimal" />
            </label>
            <label>
              Longitude
              <input value={lon} onChange={(e) => setLon(e.target.value)} inputMode="decimal" />
            </label>
            <button type="button" disabled={busy !== null || name.trim() === '' || commune === ''} onClick={() => void add()}>
              Ajouter la caméra
            </button>
          </div>
        </div>
      )}
      <h2 className="onvif-discovered-title">Caméras découvertes</h2>
      <div className="estate-row">
        <input value={localAddress} onChange={(e) => setLocalAddress(e.target.value)} placeholder="Adresse locale de l’interface (vide : toutes)" aria-label="Interface" />
        <button type="button" disabled={busy !== null} onClick={() => void discover()}>
          Rechercher
        </button>
      </div>
      {found !== null && found.length === 0 && <p className="estate-note">Aucune caméra ONVIF n’a répondu sur cette interface.</p>}
      {found !== null && found.length > 0 && (
        <ul className="onvif-discovered">
          {found.map((device) => (
            <li key={device.address}>
              <span>
                {device.name} — <code>{device.address}</code>
                {device.known && ' (déjà au parc)'}
              </span>
              {!device.known && (
                <button type="button" className="small" onClick={() => setAddress(device.address)}>
                  Ajouter
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
