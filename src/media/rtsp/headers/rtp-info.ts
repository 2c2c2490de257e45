// RTP-Info header (RFC 2326 §12.33): per stream, the sequence number and RTP time of the first packet after PLAY.

export interface RtpInfoEntry {
  readonly url: string;
  readonly seq?: number;
  readonly rtptime?: number;
}

export function parseRtpInfo(value: string): RtpInfoEntry[] {
  const entries: RtpInfoEntry[] = [];
  // Entries are comma-separated, but URLs may contain commas: split only before "url=".
  for (const part of value.split(/,(?=\s*url=)/i)) {
    let entry: RtpInfoEntry = { url: '' };
    for (const param of part.split(';')) {
      const equals = param.indexOf('=');
      if (equals < 0) continue;
      const name = param.slice(0, equals).trim().toLowerCase();
      const text = param.slice(equals + 1).trim();
      if (name === 'url') entry = { ...entry, url: text };
      else if (name === 'seq' && /^\d{1,5}$/.test(text)) entry = { ...entry, seq: Number(text) & 0xffff };
      else if (name === 'rtptime' && /^\d{1,10}$/.test(text)) entry = { ...entry, rtptime: Number(text) >>> 0 };
    }
    if (entry.url !== '') entries.push(entry);
  }
  return entries;
}

export function writeRtpInfo(entries: readonly RtpInfoEntry[]): string {
  return entries
    .map((entry) => [`url=${entry.url}`, entry.seq === undefined ? '' : `seq=${entry.seq}`, entry.rtptime === undefined ? '' : `rtptime=${entry.rtptime}`].filter((p) => p !== '').join(';'))
    .join(',');
}
