// The offline player shipped in every export package: one HTML file, no network, no library. It meets the
// arrêté of 3 August 2007 (legal-fr.md, addendum): lossless playback of the native file, fast, slow and
// reverse play (reverse by stepping back frame by frame), frame by frame, pause, lossless still saving
// (canvas → PNG), camera identity with date and time shown for every frame (manifest start + media time),
// and search by camera, date and time when the package holds several cameras.

export interface PlayerCamera {
  readonly id: string;
  readonly name: string;
  readonly commune: string;
  readonly file: string;
  /** Wall-clock time (ms since epoch) of the video's time zero. */
  readonly startMs: number;
  readonly endMs: number;
  readonly frameRate: number;
}

const SCRIPT = String.raw`
const data = JSON.parse(document.getElementById('vigie-data').textContent);
const video = document.getElementById('video');
const stamp = document.getElementById('stamp');
const cameraSelect = document.getElementById('camera');
const at = document.getElementById('at');
const speed = document.getElementById('speed');
const status = document.getElementById('status');
const paris = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' });
let camera = data.cameras[0];
let reverseTimer = null;
function frameTime(mediaTime) { return camera.startMs + Math.round(mediaTime * 1000); }
function label(ms) {
  const d = new Date(ms);
  return camera.name + ' — ' + camera.commune + ' — ' + paris.format(d) + '.' + String(d.getUTCMilliseconds()).padStart(3, '0') + ' (Europe/Paris) — ' + d.toISOString();
}
function show(mediaTime) { stamp.textContent = label(frameTime(mediaTime)); }
function onFrame(_now, meta) { show(meta.mediaTime); video.requestVideoFrameCallback(onFrame); }
if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(onFrame);
video.addEventListener('timeupdate', () => show(video.currentTime));
video.addEventListener('seeked', () => show(video.currentTime));
function stopReverse() { if (reverseTimer !== null) { clearInterval(reverseTimer); reverseTimer = null; } }
function load(index) {
  stopReverse();
  camera = data.cameras[index];
  video.src = camera.file;
  status.textContent = camera.id + ' · ' + new Date(camera.startMs).toISOString() + ' → ' + new Date(camera.endMs).toISOString();
}
data.cameras.forEach((c, i) => { const o = document.createElement('option'); o.value = String(i); o.textContent = c.name + ' (' + c.commune + ')'; cameraSelect.append(o); });
cameraSelect.addEventListener('change', () => load(Number(cameraSelect.value)));
function step(frames) { stopReverse(); video.pause(); video.currentTime = Math.max(0, video.currentTime + frames / camera.frameRate); }
document.getElementById('play').onclick = () => { stopReverse(); video.playbackRate = Number(speed.value); video.play(); };
document.getElementById('pause').onclick = () => { stopReverse(); video.pause(); };
document.getElementById('back').onclick = () => step(-1);
document.getElementById('forward').onclick = () => step(1);
document.getElementById('reverse').onclick = () => {
  stopReverse(); video.pause();
  const rate = Number(speed.value);
  reverseTimer = setInterval(() => { if (video.currentTime <= 0) { stopReverse(); return; } video.currentTime = Math.max(0, video.currentTime - rate / camera.frameRate); }, 1000 / camera.frameRate);
};
speed.addEventListener('change', () => { video.playbackRate = Number(speed.value); });
document.getElementById('go').onclick = () => {
  const wanted = Date.parse(at.value);
  if (Number.isNaN(wanted)) return;
  const t = (wanted - camera.startMs) / 1000;
  if (t < 0 || wanted > camera.endMs) { status.textContent = 'hors de la plage exportée / outside the exported range'; return; }
  stopReverse(); video.pause(); video.currentTime = t;
};
const picker = document.getElementById('pick');
function saveStill() {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth; canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  try {
    canvas.toBlob((blob) => {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = camera.id + '_' + new Date(frameTime(video.currentTime)).toISOString().replace(/[:.]/g, '-') + '.png';
      a.click();
    }, 'image/png');
  } catch (error) {
    // Opened from disk, the browser forbids reading pixels of file:// video: the user opens the file once.
    status.textContent = "Pour enregistrer une image, ouvrez une fois le fichier " + camera.file + " du paquet / to save stills, open the package's " + camera.file + ' once';
    picker.hidden = false;
  }
}
picker.onchange = () => {
  const file = picker.files[0];
  if (!file) return;
  const t = video.currentTime;
  picker.hidden = true;
  video.src = URL.createObjectURL(file);
  video.addEventListener('loadeddata', () => { video.currentTime = t; video.addEventListener('seeked', saveStill, { once: true }); }, { once: true });
};
document.getElementById('still').onclick = () => { stopReverse(); video.pause(); saveStill(); };
load(0);
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

export function playerHtml(title: string, cameras: readonly PlayerCamera[]): string {
  const json = JSON.stringify({ cameras }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; media-src 'self' blob:; img-src blob: data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: sans-serif; background: #111; color: #eee; margin: 1em; }
#frame { position: relative; display: inline-block; }
#video { max-width: 100%; background: #000; display: block; }
#stamp { position: absolute; left: 0; top: 0; background: rgba(0,0,0,.7); padding: .2em .5em; font: 14px monospace; }
.bar { margin: .5em 0; display: flex; gap: .4em; flex-wrap: wrap; align-items: center; }
button, select, input { font-size: 1em; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div class="bar">
  <label>Caméra / camera <select id="camera"></select></label>
  <label>Date et heure / date and time <input id="at" type="datetime-local" step="1"></label>
  <button id="go">Rechercher / go</button>
</div>
<div id="frame"><video id="video" preload="auto" playsinline></video><div id="stamp"></div></div>
<div class="bar">
  <button id="reverse" title="lecture arrière / reverse">◀◀</button>
  <button id="back" title="image précédente / previous frame">◀|</button>
  <button id="pause" title="pause">❚❚</button>
  <button id="play" title="lecture / play">▶</button>
  <button id="forward" title="image suivante / next frame">|▶</button>
  <label>Vitesse / speed <select id="speed">
    <option value="0.125">×1/8</option><option value="0.25">×1/4</option><option value="0.5">×1/2</option>
    <option value="1" selected>×1</option><option value="2">×2</option><option value="4">×4</option><option value="8">×8</option><option value="16">×16</option>
  </select></label>
  <button id="still" title="image fixe sans perte (PNG) / lossless still">Image PNG</button>
  <input id="pick" type="file" accept="video/mp4" hidden>
</div>
<p id="status"></p>
<p>Lecture sans perte du fichier d'origine (aucun réencodage). Date et heure calculées pour chaque image depuis l'heure de début du manifeste signé.</p>
<script type="application/json" id="vigie-data">${json}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
