// The control room clock in the header (Paris time, to the second).
import { useEffect, useState } from 'react';
import { formatParisDateTime } from '../time/paris.js';

export function Clock() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time className="clock" dateTime={new Date(now).toISOString()}>
      {formatParisDateTime(now)}
    </time>
  );
}
