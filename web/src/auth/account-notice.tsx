// Under the console's header: the person's habilitation ending within 30 days ("Votre habilitation expire le
// JJ/MM/AAAA"), and the way to his account's security page.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { formatParisTime, parisDateFr } from '../time/paris.js';
import { useSession } from './session.js';
import './account.css';

const WARN_DAYS = 30;

export function AccountNotice() {
  const { session } = useSession();
  if (session.status !== 'signed-in' || session.account === null || session.account.validUntil === null) return null;
  const until = Date.parse(session.account.validUntil);
  if (until - Date.now() > WARN_DAYS * 24 * 3600 * 1000) return null;
  return (
    <p className="notice account-notice" role="status">
      Votre habilitation expire le {parisDateFr(until)} à {formatParisTime(until).slice(0, 5)} : demandez son renouvellement à l’administrateur. <Link to="/mon-compte/mot-de-passe">Mon compte</Link>
    </p>
  );
}

/**
 * A time-boxed session (an investigator in the viewing room): the time left, counted down. At its term the server
 * has ended the session; asking it who is logged in then answers 401, which brings the login page back.
 */
export function SessionCountdown() {
  const { session, refresh } = useSession();
  const endsAt = session.status === 'signed-in' && session.account !== null && session.account.sessionEndsAt !== null ? Date.parse(session.account.sessionEndsAt) : null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (endsAt === null) return undefined;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [endsAt]);
  const over = endsAt !== null && now >= endsAt;
  useEffect(() => {
    // The server ends the session at its term: the 401 of this call signs the console out. Asked again every 2 s
    // until then (the two clocks differ by a little, and a page may ask the server nothing else meanwhile).
    if (!over) return undefined;
    const ask = (): void => void refresh().catch(() => undefined);
    ask();
    const timer = window.setInterval(ask, 2_000);
    return () => window.clearInterval(timer);
  }, [over, refresh]);
  if (endsAt === null) return null;
  const left = Math.max(0, Math.ceil((endsAt - now) / 1000));
  const hours = Math.floor(left / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = left % 60;
  const clock = `${hours > 0 ? `${hours} h ` : ''}${String(minutes).padStart(hours > 0 ? 2 : 1, '0')} min ${String(seconds).padStart(2, '0')} s`;
  return (
    <p className={`notice session-countdown${left <= 300 ? ' ending' : ''}`} role="timer" aria-label="Fin de la séance">
      {over
        ? 'Votre séance de consultation est terminée.'
        : `Séance de consultation : fin dans ${clock} (à ${formatParisTime(endsAt).slice(0, 5)}). Au terme, la séance se ferme ; reconnectez-vous pour en ouvrir une autre.`}
    </p>
  );
}

/** Where a signed-in person must go first, or null: the shell sends him there. */
export function pendingPage(pending: 'password-change' | 'second-factor-enrolment' | null | undefined): string | null {
  if (pending === 'password-change') return '/mon-compte/mot-de-passe';
  if (pending === 'second-factor-enrolment') return '/mon-compte/double-authentification';
  return null;
}
