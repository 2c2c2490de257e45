// « Enquêteur destinataire »: a room lead registering a requisition on an investigator's behalf names him here.
// The accounts come from GET /api/requisitions/investigators (the active investigator accounts: id, name, username
// — a room lead may not list accounts otherwise); a search by name narrows the list. An investigator registering
// for himself never sees this. With no active investigator account the form shows only who creates one.
import { useEffect, useState } from 'react';
import { apiGet } from '../api/client.js';
import { asRecord, readArray, readString } from '../api/read.js';

/** An investigator account as the chooser offers it. */
export interface InvestigatorChoice {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
}

function readChoices(payload: unknown): InvestigatorChoice[] {
  return readArray(payload, 'investigators').flatMap((value) => {
    const r = asRecord(value);
    const id = r === null ? undefined : readString(r, 'id');
    const username = r === null ? undefined : readString(r, 'username');
    return r === null || id === undefined || username === undefined ? [] : [{ id, username, displayName: readString(r, 'displayName') ?? username }];
  });
}

export const choiceLabel = (choice: InvestigatorChoice): string => (choice.displayName === choice.username ? choice.username : `${choice.displayName} (${choice.username})`);

/**
 * The chooser; `onChange` hands the chosen account (null: none chosen), `onListed` how many accounts it offers once
 * read (the form shows nothing else when there is none). `resetKey` empties it after a registration.
 */
export function InvestigatorChooser({
  onChange,
  onListed,
  resetKey,
}: {
  readonly onChange: (choice: InvestigatorChoice | null) => void;
  readonly onListed: (count: number) => void;
  readonly resetKey: number;
}) {
  // undefined: loading; null: the list failed.
  const [choices, setChoices] = useState<readonly InvestigatorChoice[] | null | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState('');
  useEffect(() => {
    let cancelled = false;
    apiGet('/api/requisitions/investigators').then(
      (payload) => !cancelled && setChoices(readChoices(payload)),
      () => !cancelled && setChoices(null),
    );
    return () => {
      cancelled = true;
    };
  }, []);
  useEffect(() => {
    setSearch('');
    setChosen('');
  }, [resetKey]);
  useEffect(() => onChange(choices?.find((choice) => choice.id === chosen) ?? null), [choices, chosen, onChange]);
  useEffect(() => {
    if (choices !== undefined && choices !== null) onListed(choices.length);
  }, [choices, onListed]);

  if (choices === undefined) return <p className="muted small">Lecture des comptes enquêteurs…</p>;
  if (choices === null) return <p role="alert">La liste des enquêteurs n’a pas pu être chargée : réessayez plus tard.</p>;
  if (choices.length === 0) {
    return (
      <p role="alert" data-testid="no-investigator">
        Aucun compte enquêteur actif : une réquisition s’enregistre au nom d’un enquêteur habilité. Demandez à un administrateur de Vigie de créer son compte (Administration › Comptes, rôle «
        Enquêteur ») ou de renouveler son habilitation.
      </p>
    );
  }
  const needle = search.trim().toLocaleLowerCase('fr');
  const matching = choices.filter((choice) => needle === '' || choiceLabel(choice).toLocaleLowerCase('fr').includes(needle));
  // Required, checked by the form in French (not by the browser's own bubble). The chosen account stays listed
  // whatever the search, so that the select never shows another one than it holds.
  const shown = choices.filter((choice) => choice.id === chosen || matching.includes(choice));
  return (
    <fieldset className="investigator-chooser">
      <legend>Pour le compte de</legend>
      <label>
        Rechercher un enquêteur par son nom
        <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="ex. Martin" />
      </label>
      <label>
        Enquêteur destinataire
        <select name="investigatorId" aria-required="true" value={chosen} onChange={(event) => setChosen(event.target.value)}>
          <option value="">— Choisir l’enquêteur —</option>
          {shown.map((choice) => (
            <option key={choice.id} value={choice.id}>
              {choiceLabel(choice)}
            </option>
          ))}
        </select>
      </label>
      {matching.length === 0 && <p className="muted small">Aucun enquêteur actif ne porte ce nom.</p>}
      <p className="muted small">Il verra la réquisition parmi les siennes et, une fois validée, les images de son périmètre.</p>
    </fieldset>
  );
}
