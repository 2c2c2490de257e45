// The still of the recording at the alert's first detection, with the boxes drawn over it (normalised 0..1).
import { useEffect, useState } from 'react';
import type { Alert } from './alert-model.js';

export function AlertStill({ alert }: { readonly alert: Alert }) {
  const [failed, setFailed] = useState(false);
  useEffect(() => setFailed(false), [alert.id]);
  const second = Math.floor(alert.firstMs / 1000) * 1000;
  return (
    <div className="alert-still">
      {failed ? (
        <p className="alert-still-missing">Pas encore d’image enregistrée à cet instant (l’enregistrement peut avoir quelques secondes de retard) : ouvrez la relecture.</p>
      ) : (
        <img src={`/api/cameras/${encodeURIComponent(alert.cameraId)}/snapshot?at=${second}`} alt={`Image de la caméra à l’instant de l’alerte`} onError={() => setFailed(true)} />
      )}
      <svg viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
        {alert.boxes.map((b, i) => (
          <rect key={i} x={b.x} y={b.y} width={b.w} height={b.h} />
        ))}
      </svg>
    </div>
  );
}
