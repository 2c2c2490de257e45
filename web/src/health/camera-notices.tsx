// A notice in every console when a camera goes offline or stops recording while the console is open (the
// inventory polls every few seconds), so nobody learns it from a black tile. A notice leaves by itself when the
// camera is back, or when the operator dismisses it; cameras already down at sign-in are on the health page.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { can, RECORDING_LABELS, type RecordingState } from '../api/contracts.js';
import { useUser } from '../auth/session.js';
import { useInventory } from '../cameras/inventory.js';
import { formatParisTime } from '../time/paris.js';
import './health.css';

interface CameraNotice {
  readonly key: string;
  readonly cameraId: string;
  readonly kind: 'offline' | 'recording';
  readonly text: string;
  readonly atMs: number;
}

/** Shown at once; the rest are counted. */
const SHOWN = 4;

/** A recorder that was recording and is now neither recording nor deliberately off. */
function stoppedRecording(before: RecordingState | undefined, now: RecordingState | undefined): boolean {
  return before === 'recording' && now !== undefined && now !== 'recording' && now !== 'disabled';
}

export function CameraNotices() {
  const user = useUser();
  const inventory = useInventory();
  const previous = useRef<ReadonlyMap<string, { readonly state: string; readonly recording: RecordingState | undefined }> | null>(null);
  const [notices, setNotices] = useState<readonly CameraNotice[]>([]);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    if (inventory.status !== 'ready') return;
    const before = previous.current;
    const now = Date.now();
    const added: CameraNotice[] = [];
    for (const camera of inventory.cameras) {
      const was = before?.get(camera.id);
      if (was === undefined) continue;
      const where = `${camera.name} (${inventory.communeName(camera.commune)})`;
      if (camera.state === 'offline' && was.state !== 'offline')
        added.push({ key: `${camera.id}:offline:${now}`, cameraId: camera.id, kind: 'offline', text: `${where} : caméra hors ligne`, atMs: now });
      const recording = inventory.recording.get(camera.id);
      if (stoppedRecording(was.recording, recording) && recording !== undefined)
        added.push({ key: `${camera.id}:recording:${now}`, cameraId: camera.id, kind: 'recording', text: `${where} : ${RECORDING_LABELS[recording].toLowerCase()}`, atMs: now });
    }
    previous.current = new Map(inventory.cameras.map((camera) => [camera.id, { state: camera.state, recording: inventory.recording.get(camera.id) }]));
    setNotices((current) => [
      ...current.filter((notice) => {
        const camera = inventory.camera(notice.cameraId);
        if (camera === undefined) return false;
        return notice.kind === 'offline' ? camera.state === 'offline' : inventory.recording.get(notice.cameraId) !== 'recording';
      }),
      ...added,
    ]);
  }, [inventory]);

  const open = notices.filter((notice) => !dismissed.has(notice.key));
  if (open.length === 0) return null;
  return (
    <div className="camera-notices" role="alert" aria-label="Caméras en défaut">
      {open.slice(0, SHOWN).map((notice) => (
        <div key={notice.key} className={`camera-notice ${notice.kind}`} data-camera-id={notice.cameraId}>
          <span aria-hidden="true">⚠</span>
          <span>
            <strong>{notice.text}</strong> depuis {formatParisTime(notice.atMs)}
          </span>
          {can(user, 'health.read') && <Link to="/sante">Santé du système</Link>}
          <button type="button" className="ghost" onClick={() => setDismissed((set) => new Set([...set, notice.key]))}>
            Masquer
          </button>
        </div>
      ))}
      {open.length > SHOWN && <div className="camera-notice more">et {open.length - SHOWN} autre(s) caméra(s) en défaut</div>}
    </div>
  );
}
