// « Placer sur la carte » in a camera's form: the commune's map with the camera where its form says, its field of
// view drawn from the typed orientation and angle; a click on the map moves the camera there (latitude and
// longitude filled in, to save with the form).
import { useState } from 'react';
import type { FieldOfView } from '../api/contracts.js';
import { TerritoryMap, type LonLat, type MapCamera } from '../map/territory-map.js';
import { useMapData } from '../map/use-map-data.js';

interface Props {
  readonly name: string;
  readonly commune: string;
  readonly position: LonLat | null;
  readonly fieldOfView: FieldOfView | null;
  readonly editable: boolean;
  onPlace(point: LonLat): void;
}

export function PlaceOnMap({ name, commune, position, fieldOfView, editable, onPlace }: Props) {
  const [open, setOpen] = useState(false);
  const map = useMapData(open);
  const marker: MapCamera[] =
    position === null ? [] : [{ id: 'placed', name, commune, communeName: '', state: 'online', recording: null, lat: position.lat, lon: position.lon, fieldOfView, sensitive: false, watched: false }];
  return (
    <div className="estate-field place-on-map">
      <button type="button" className="ghost" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        {open ? 'Fermer la carte' : editable ? 'Placer sur la carte' : 'Voir sur la carte'}
      </button>
      {open && (
        <>
          {editable && (
            <p className="estate-note">
              Cliquez sur la carte à l’emplacement de la caméra : la latitude et la longitude se remplissent ; le cône suit l’orientation et l’angle saisis. Enregistrez ensuite la fiche.
            </p>
          )}
          <div className="place-on-map-frame" data-testid="place-on-map">
            <TerritoryMap
              outlines={map.outlines}
              cameras={marker}
              settings={map.settings}
              selectedId="placed"
              focusCommune={commune}
              mayOpen={false}
              markerHint=""
              onOpen={() => undefined}
              {...(editable ? { onPick: onPlace } : {})}
            />
          </div>
        </>
      )}
    </div>
  );
}
