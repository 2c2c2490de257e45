// Putting a rule in service on a camera: the camera, the rule (legal catalogue; the opt-in profile only where the
// configuration allows it), a legal basis in force, the zone or line drawn on the camera's picture, the thresholds
// (defaults shown with their units) and an optional PTZ preset.
import { useCallback, useState } from 'react';
import { apiPost } from '../api/client.js';
import type { Camera } from '../api/contracts.js';
import { analyticsErrorMessage, lastDay, type CatalogueRule, type LegalBasis } from './analytics-model.js';
import { ZoneDrawer, type Shape } from './zone-drawer.js';

interface Props {
  readonly cameras: readonly Camera[];
  readonly catalogue: readonly CatalogueRule[];
  readonly extendedProfile: boolean;
  readonly bases: readonly LegalBasis[];
  readonly masksStill: boolean;
  readonly onSaved: () => Promise<void>;
}

/** Rules placed on a line rather than a zone. */
const LINE_RULES = new Set(['wrong_way']);

export function ActivationForm({ cameras, catalogue, extendedProfile, bases, masksStill, onSaved }: Props) {
  const rules = catalogue.filter((r) => r.profile === 'legal' || extendedProfile);
  const [cameraId, setCameraId] = useState('');
  const [ruleName, setRuleName] = useState('');
  const [shape, setShape] = useState<Shape | null>(null);
  const [message, setMessage] = useState<{ readonly ok: boolean; readonly text: string } | null>(null);
  const onShape = useCallback((next: Shape) => setShape(next), []);
  const camera = cameras.find((c) => c.id === cameraId);
  const rule = rules.find((r) => r.rule === ruleName);
  const kind = LINE_RULES.has(ruleName) ? 'line' : 'zone';

  const submit = async (event: React.FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (rule === undefined || camera === undefined) return;
    const data = new FormData(event.currentTarget);
    if (shape !== null && shape.points.length > 0 && !shape.closed) return setMessage({ ok: false, text: 'Terminez le tracé (cliquez sur le premier point) ou effacez-le.' });
    const thresholds: Record<string, number> = {};
    for (const name of Object.keys(rule.thresholds)) {
      const value = Number(String(data.get(`threshold-${name}`) ?? '').replace(',', '.'));
      if (!Number.isFinite(value)) return setMessage({ ok: false, text: `Le seuil « ${rule.thresholds[name]?.description ?? name} » doit être un nombre.` });
      if (value !== rule.thresholds[name]?.value) thresholds[name] = value;
    }
    const points = shape?.closed === true ? shape.points.map((p) => [p.x, p.y]) : undefined;
    const preset = String(data.get('ptzPreset') ?? '').trim();
    try {
      await apiPost('/api/analytics/activations', {
        cameraId,
        rule: rule.rule,
        profile: rule.profile,
        legalBasisId: String(data.get('legalBasisId') ?? ''),
        ...(points === undefined ? {} : kind === 'zone' ? { zone: points } : { line: points }),
        ...(Object.keys(thresholds).length === 0 ? {} : { thresholds }),
        ...(preset === '' ? {} : { ptzCameraId: cameraId, ptzPreset: preset }),
      });
      setMessage({ ok: true, text: `« ${rule.label} » mise en service sur ${camera.name}.` });
      await onSaved();
    } catch (error) {
      setMessage({ ok: false, text: analyticsErrorMessage(error) });
    }
  };

  return (
    <section className="estate-panel" aria-label="Mettre une règle en service" data-testid="activation-form">
      <h2>Mettre une règle en service</h2>
      {bases.length === 0 ? (
        <p className="estate-note">Aucune base légale en vigueur : enregistrez d’abord l’arrêté qui autorise l’analyse.</p>
      ) : (
        <form className="analytics-form" onSubmit={(e) => void submit(e)}>
          <label>
            Caméra
            <select name="cameraId" value={cameraId} onChange={(e) => setCameraId(e.target.value)} required>
              <option value="">— choisir —</option>
              {cameras.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Règle
            <select name="rule" value={ruleName} onChange={(e) => setRuleName(e.target.value)} required>
              <option value="">— choisir —</option>
              {rules.map((r) => (
                <option key={r.rule} value={r.rule}>
                  {r.profile === 'extended' ? `${r.label} — option` : r.label}
                </option>
              ))}
            </select>
          </label>
          {!extendedProfile && <p className="estate-note">Le profil étendu (gestes agressifs, accident, caméra masquée) n’est pas autorisé par la configuration de ce centre.</p>}
          <label>
            Base légale
            <select name="legalBasisId" required>
              {bases.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.authority} — {b.reference} (jusqu’au {lastDay(b)} inclus)
                </option>
              ))}
            </select>
          </label>
          {rule !== undefined && (
            <div className="analytics-rule-help">
              <p>{rule.description}</p>
              <p className="estate-note">Limites : {rule.limits}</p>
              <fieldset>
                <legend>Seuils</legend>
                {Object.entries(rule.thresholds).map(([name, spec]) => (
                  <label key={`${rule.rule}-${name}`}>
                    {spec.description}
                    <input name={`threshold-${name}`} defaultValue={String(spec.value).replace('.', ',')} inputMode="decimal" size={6} />
                  </label>
                ))}
              </fieldset>
            </div>
          )}
          <label>
            Préposition PTZ à l’alerte (facultatif)
            <input name="ptzPreset" />
          </label>
          {camera !== undefined && rule !== undefined && <ZoneDrawer cameraId={camera.id} cameraName={camera.name} kind={kind} masksStill={masksStill} onChange={onShape} />}
          <button type="submit" className="primary" disabled={camera === undefined || rule === undefined}>
            Mettre en service
          </button>
          {message !== null && (
            <p className={message.ok ? 'estate-ok' : 'estate-error'} role={message.ok ? 'status' : 'alert'} data-testid="activation-message">
              {message.text}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
