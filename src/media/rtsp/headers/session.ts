// Session header (RFC 2326 §12.37): the session id and the server's timeout in seconds (default 60).

export interface SessionHeader {
  readonly id: string;
  readonly timeoutS: number;
}

export const DEFAULT_SESSION_TIMEOUT_S = 60;

export function parseSession(value: string): SessionHeader | undefined {
  const [id = '', ...params] = value.split(';').map((part) => part.trim());
  if (!/^[A-Za-z0-9$\-_.+]{1,128}$/.test(id)) return undefined;
  let timeoutS = DEFAULT_SESSION_TIMEOUT_S;
  for (const param of params) {
    const match = /^timeout\s*=\s*(\d{1,6})$/i.exec(param);
    if (match !== null && Number(match[1]) > 0) timeoutS = Number(match[1]);
  }
  return { id, timeoutS };
}

export function writeSession(header: SessionHeader): string {
  return `${header.id};timeout=${header.timeoutS}`;
}
