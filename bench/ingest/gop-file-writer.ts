// The bench's baseline-equivalent recorder: the same fMP4 muxer as Vigie's recorder, one moof+mdat per GOP
// appended to one file per camera and no fdatasync — the work `ffmpeg -movflags +frag_keyframe` does — so the
// engine can be compared with ffmpeg apart from the recording capability's durability choices.
import { open, type FileHandle } from 'node:fs/promises';
import { writeInitSegment, writeMediaFragment } from '../../src/media/mp4/index.js';
import { releaseUnit, retainUnit, type AccessUnit, type StreamConsumer, type TrackInfo } from '../../src/media/hub/index.js';

export class GopFileWriter implements StreamConsumer {
  readonly label: string;
  readonly borrowsUnits = true;
  readonly #path: string;
  #file: Promise<FileHandle> | undefined;
  #gop: AccessUnit[] = [];
  #sequence = 1;
  fragmentsWritten = 0;

  constructor(path: string) {
    this.#path = path;
    this.label = `gop writer ${path}`;
  }

  start(track: TrackInfo): void {
    this.#gop.forEach(releaseUnit);
    this.#gop = [];
    const init = writeInitSegment(track);
    this.#file ??= open(this.#path, 'w');
    void this.#file.then((file) => file.write(init));
  }

  async accept(unit: AccessUnit): Promise<void> {
    if (unit.isKeyframe && this.#gop.length > 0) {
      const fragment = writeMediaFragment(this.#sequence, this.#gop, { nextDts90k: unit.dts90k });
      this.#gop.forEach(releaseUnit);
      this.#sequence += 1;
      this.#gop = [];
      const file = await this.#file;
      await file?.write(fragment);
      this.fragmentsWritten += 1;
    }
    retainUnit(unit);
    this.#gop.push(unit);
  }

  stop(): void {
    void this.#file?.then((file) => file.close());
  }
}
