// The commune picker of the estate pages: « Nom (code INSEE) », in the order given; with a placeholder, an empty
// first choice (a new camera has no commune until one is chosen). Children go under the picker (a refusal).
import type { ReactNode } from 'react';
import type { Commune } from '../api/contracts.js';

interface Props {
  readonly communes: readonly Commune[];
  readonly value: string;
  onChange(insee: string): void;
  readonly placeholder?: string;
  readonly children?: ReactNode;
}

export function CommuneSelect({ communes, value, onChange, placeholder, children }: Props) {
  return (
    <label className="estate-field">
      <span>Commune</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-label="Commune">
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {communes.map((c) => (
          <option key={c.insee} value={c.insee}>
            {c.name} ({c.insee})
          </option>
        ))}
      </select>
      {children}
    </label>
  );
}
