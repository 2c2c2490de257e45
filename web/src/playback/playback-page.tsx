// "Relecture": the cameras chosen from the inventory (up to four) played back in sync (synchronized-playback.tsx).
// Opens on the newest recorded footage of the chosen cameras.
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { CameraPicker } from '../cameras/camera-picker.js';
import { useInventory } from '../cameras/inventory.js';
import { can, type Camera } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { EmptyState } from '../ui/empty-state.js';
import { InvestigatorPlaybackRedirect } from '../investigations/viewing-room-page.js';
import { useSlashToSearch } from '../ui/use-slash-to-search.js';
import { MAX_CAMERAS, SynchronizedPlayback } from './synchronized-playback.js';

export function PlaybackPage() {
  const user = useUser();
  const [params] = useSearchParams();
  // Investigators have no camera list: their playback is the viewing room of the requisition covering the link.
  if (user.role === 'investigator') {
    const at = Number(params.get('at') ?? '');
    return <InvestigatorPlaybackRedirect cameraIds={(params.get('cameras') ?? params.get('camera') ?? '').split(',')} atMs={Number.isFinite(at) && at > 0 ? at : undefined} />;
  }
  return can(user, 'video.playback') ? (
    <PlaybackPageContent />
  ) : (
    <EmptyState title="Votre rôle ne donne pas accès aux enregistrements.">Les images enregistrées ne sont visibles que des rôles habilités à les voir ; demandez à l’administrateur.</EmptyState>
  );
}

function PlaybackPageContent() {
  const inventory = useInventory();
  const [params, setParams] = useSearchParams();
  const search = useRef<HTMLInputElement>(null);
  useSlashToSearch(search);
  const [tooMany, setTooMany] = useState(false);
  const requested = (params.get('cameras') ?? params.get('camera') ?? '').split(',').filter((id) => id !== '');
  const cameras: Camera[] = (requested.length > 0 ? requested : inventory.cameras.slice(0, 1).map((c) => c.id))
    .map((id) => inventory.camera(id))
    .filter((c): c is Camera => c !== undefined)
    .slice(0, MAX_CAMERAS);
  // Not listed yet: the chosen cameras are not known, so neither is the newest footage to open on.
  const camerasPending = inventory.status !== 'ready' || (requested.length > 0 && cameras.length === 0 && inventory.cameras.length > 0);

  const setCameras = (ids: readonly string[]) => {
    setTooMany(false);
    const next = new URLSearchParams(params);
    next.delete('camera');
    next.set('cameras', ids.join(','));
    setParams(next);
  };

  function pick(id: string) {
    const ids = cameras.map((c) => c.id);
    if (ids.includes(id)) setCameras(ids.filter((other) => other !== id));
    else if (ids.length < MAX_CAMERAS) setCameras([...ids, id]);
    else setTooMany(true);
  }

  if (inventory.status === 'ready' && inventory.cameras.length === 0)
    return <EmptyState title="Aucune caméra ne vous est attribuée.">Il n’y a aucun enregistrement consultable avec votre compte.</EmptyState>;

  return (
    <SynchronizedPlayback
      cameras={cameras}
      camerasPending={camerasPending}
      communeName={(camera) => inventory.communeName(camera.commune)}
      title="Relecture"
      picker={<CameraPicker searchRef={search} activeIds={cameras.map((c) => c.id)} onPick={pick} hint={`Cliquez pour ajouter ou retirer une caméra (${MAX_CAMERAS} au plus).`} />}
      {...(tooMany ? { extraNotice: `${MAX_CAMERAS} caméras au plus en relecture synchronisée : retirez-en une (✕) avant d’en ajouter une autre.` } : {})}
      onRemove={(id) => setCameras(cameras.filter((c) => c.id !== id).map((c) => c.id))}
    />
  );
}
