// HLS (RFC 8216, version 7) VOD playlist over the recording files: fMP4 with EXT-X-MAP per file, one media
// segment per fragment addressed by byte range, a discontinuity and a program date-time at each file.
import type { FragmentEntry, SegmentRow } from '../recording/index.js';

export interface PlaylistFile {
  readonly row: SegmentRow;
  readonly entries: readonly FragmentEntry[];
}

export function hlsPlaylist(files: readonly PlaylistFile[], fromMs: number, toMs: number, fileUrl: (row: SegmentRow) => string): string {
  const lines: string[] = [];
  let longest = 1;
  files.forEach(({ row, entries: index }, fileIndex) => {
    const firstOffset = index[0]?.[1];
    if (firstOffset === undefined) return;
    let keyIndex = 0;
    index.forEach((entry, i) => {
      if (entry[2] === 1 && row.start_ms + entry[0] <= fromMs) keyIndex = i;
    });
    const url = fileUrl(row);
    if (fileIndex > 0) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-MAP:URI="${url}",BYTERANGE="${firstOffset}@0"`);
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(row.start_ms + (index[keyIndex]?.[0] ?? 0)).toISOString()}`);
    for (let i = keyIndex; i < index.length; i += 1) {
      const entry = index[i];
      if (entry === undefined) continue;
      const startMs = row.start_ms + entry[0];
      if (startMs >= toMs) break;
      const next = index[i + 1];
      const endMs = next === undefined ? row.end_ms : row.start_ms + next[0];
      const endOffset = next === undefined ? row.bytes : next[1];
      const seconds = (endMs - startMs) / 1000;
      longest = Math.max(longest, Math.ceil(seconds));
      lines.push(`#EXTINF:${seconds.toFixed(3)},`, `#EXT-X-BYTERANGE:${endOffset - entry[1]}@${entry[1]}`, url);
    }
  });
  return ['#EXTM3U', '#EXT-X-VERSION:7', `#EXT-X-TARGETDURATION:${longest}`, '#EXT-X-PLAYLIST-TYPE:VOD', ...lines, '#EXT-X-ENDLIST', ''].join('\n');
}
