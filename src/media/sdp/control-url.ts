// Resolves an SDP a=control attribute against the RTSP base URL (RFC 2326 §C.1.1; RFC 7826 §18.31).

/** `*` or nothing means the base itself; absolute URLs stand; relative ones are appended below the base. */
export function resolveControlUrl(baseUrl: string, control: string | undefined): string {
  if (control === undefined || control === '' || control === '*') return baseUrl;
  if (/^rtsps?:\/\//i.test(control)) return control;
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return `${base}${control.startsWith('/') ? control.slice(1) : control}`;
}
