// A date and time typed the French way, JJ/MM/AAAA and HH:MM:SS (24 h, Paris), in plain text fields: unlike
// <input type="date"> or "datetime-local", whose display follows the browser's locale (MM/DD/YYYY and AM/PM
// on an English system), it reads the same on every workstation.
import { useEffect, useState, type FormEvent } from 'react';
import { parisDateFr, parisTimeInput, parseFrenchDateTime } from './paris.js';

interface FrenchDateTimeFieldProps {
  /** The instant shown when the field is not being edited (UTC ms). */
  readonly value: number;
  readonly onSubmit: (at: number) => void;
  readonly submitLabel: string;
}

export function FrenchDateTimeField({ value, onSubmit, submitLabel }: FrenchDateTimeFieldProps) {
  const [date, setDate] = useState(() => parisDateFr(value));
  const [time, setTime] = useState(() => parisTimeInput(value));
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setDate(parisDateFr(value));
    setTime(parisTimeInput(value));
  }, [value]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const at = parseFrenchDateTime(date, time);
    if (Number.isNaN(at)) {
      setError('Date ou heure invalide : saisissez JJ/MM/AAAA et HH:MM:SS (24 h).');
      return;
    }
    setError(null);
    onSubmit(at);
  }

  return (
    <form className="french-date-time" onSubmit={submit}>
      <label>
        Date
        <input type="text" inputMode="numeric" placeholder="JJ/MM/AAAA" aria-label="Date (JJ/MM/AAAA)" size={10} value={date} onChange={(e) => setDate(e.target.value)} />
      </label>
      <label>
        Heure
        <input type="text" inputMode="numeric" placeholder="HH:MM:SS" aria-label="Heure (HH:MM:SS, 24 h)" size={8} value={time} onChange={(e) => setTime(e.target.value)} />
      </label>
      <button type="submit" className="primary">
        {submitLabel}
      </button>
      {error !== null && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
