// The `scheme key=value, key="quoted value"` syntax shared by WWW-Authenticate and Authorization (RFC 7235 §2.1).

export interface AuthParams {
  readonly scheme: string;
  /** Parameter names lower-cased; quoted values unescaped. */
  readonly params: ReadonlyMap<string, string>;
  /** The token68 form (Basic credentials), when the scheme is followed by a single token. */
  readonly token: string | undefined;
}

export function parseAuthParams(value: string): AuthParams {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  const scheme = space < 0 ? trimmed : trimmed.slice(0, space);
  const rest = space < 0 ? '' : trimmed.slice(space + 1).trim();
  const params = new Map<string, string>();
  if (/^[A-Za-z0-9._~+/-]+=*$/.test(rest) && !/^[A-Za-z0-9._~+/-]+=[^=]/.test(rest)) {
    return { scheme, params, token: rest };
  }
  let i = 0;
  while (i < rest.length) {
    while (i < rest.length && /[\s,]/.test(rest[i] ?? '')) i += 1;
    const equals = rest.indexOf('=', i);
    if (equals < 0) break;
    const name = rest.slice(i, equals).trim().toLowerCase();
    i = equals + 1;
    let paramValue = '';
    if (rest[i] === '"') {
      i += 1;
      while (i < rest.length && rest[i] !== '"') {
        if (rest[i] === '\\' && i + 1 < rest.length) i += 1;
        paramValue += rest[i] ?? '';
        i += 1;
      }
      i += 1;
    } else {
      const comma = rest.indexOf(',', i);
      const end = comma < 0 ? rest.length : comma;
      paramValue = rest.slice(i, end).trim();
      i = end;
    }
    if (name !== '') params.set(name, paramValue);
  }
  return { scheme, params, token: undefined };
}

export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
