// Verification of the journal against its signed checkpoints. The chain inside the database proves only that
// the database agrees with itself; the checkpoints, signed with a key the database does not hold, say what the
// chain was when Vigie wrote it:
//   - every checkpoint line parses and its signature is valid;
//   - every kept entry that has a checkpoint still carries the checkpointed hash (a rewritten, re-hashed chain
//     differs from the first rewritten entry on);
//   - the database goes at least as far as the last checkpoint (deleted last entries, head moved back);
//   - after a retention purge, the chain's anchor is the checkpointed hash of the last purged entry;
//   - every entry after the first checkpoint has one of its own: Vigie writes one per append, so an entry
//     without one was put there by someone else (or its checkpoint removed from the file).
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { checkpointFilePath, checkpointSignatureValid, parseCheckpointLine, readCheckpointPublicKey } from './checkpoint.js';
import { forEachLine, type FileLine, type ReadPosition } from './checkpoint-file.js';
import type { CheckpointSummary, JournalVerifyOptions, JournalVerifyResult } from './types.js';
import { walkChain, type Problem } from './verify.js';

/** An entry's checkpoint may be written a moment after the entry commits: one more look before calling it unanchored. */
const LATE_CHECKPOINT_GRACE_MS = 300;
const REASONS_SHOWN = 4;

export async function verifyJournal(db: Kysely<Database>, dataDir: string, options: JournalVerifyOptions): Promise<JournalVerifyResult> {
  const files = options.checkpointFiles ?? [checkpointFilePath(dataDir)];
  const publicKey = readCheckpointPublicKey(dataDir, options.publicKeyFile);
  const head = await db.selectFrom('journal_head').select('first_sequence').where('id', '=', 1).executeTakeFirst();
  const checkpoints = new CheckpointSet(files, publicKey.key, (head?.first_sequence ?? 1) - 1);
  checkpoints.read();

  let rewritten: Problem | undefined;
  const uncovered = new SequenceRanges();
  const walk = await walkChain(db, (sequence, hash) => {
    const checkpoint = checkpoints.get(sequence);
    if (checkpoint === undefined) uncovered.add(sequence);
    else if (checkpoint.hash !== hash)
      rewritten ??= {
        sequence,
        reason: `entry ${sequence} is not the entry checkpointed at ${iso(checkpoint.timeMs)} (${checkpoint.where}): the chain was rewritten from entry ${sequence} or before`,
      };
  });

  const problems: Problem[] = [];
  if (publicKey.key === undefined && (checkpoints.lines > 0 || walk.entries > 0))
    problems.push({ sequence: 0, reason: `no public key to check the checkpoint signatures (${publicKey.location} is missing)` });
  if (walk.problem !== undefined) problems.push(walk.problem);
  problems.push(...checkpoints.problems(walk.entries > 0));
  if (walk.problem === undefined && walk.head !== undefined) {
    if (rewritten !== undefined) problems.push(rewritten);
    const { first_sequence: firstSequence, last_sequence: lastSequence, anchor_hash: anchorHash } = walk.head;
    const anchor = checkpoints.get(firstSequence - 1);
    if (anchor !== undefined && anchor.hash !== anchorHash)
      problems.push({ sequence: firstSequence, reason: `the chain restarts after a purge from a hash that is not the checkpointed hash of entry ${firstSequence - 1} (${anchor.where})` });
    const last = checkpoints.last;
    if (last !== undefined && last.sequence > lastSequence) {
      problems.push({
        sequence: lastSequence + 1,
        reason: `entries ${range(lastSequence + 1, last.sequence)} are missing: the checkpoint of ${iso(last.timeMs)} (${last.where}) records entry ${last.sequence} but the database ends at ${lastSequence} (last entries deleted and the head moved back)`,
      });
    }
    const unanchored = await unanchoredEntries(uncovered, checkpoints);
    if (unanchored.first !== undefined)
      problems.push({ sequence: unanchored.first, reason: `${unanchored.describe()} without a checkpoint: appended outside Vigie, or their checkpoints were removed from ${files.join(', ')}` });
  }

  const summary = checkpoints.summary();
  if (problems.length === 0 && walk.head !== undefined) {
    return { ok: true, entries: walk.entries, firstSequence: walk.head.first_sequence, lastSequence: walk.head.last_sequence, lastHash: walk.head.last_hash, ...summary };
  }
  const [first = { sequence: 0, reason: 'the journal head record is missing' }, ...more] = problems;
  const others =
    more.length === 0
      ? ''
      : ` (and ${more.length} more: ${more
          .slice(0, REASONS_SHOWN)
          .map((p) => p.reason)
          .join('; ')}${more.length > REASONS_SHOWN ? '; …' : ''})`;
  return { ok: false, entries: walk.entries, firstBadSequence: first.sequence, reason: `${first.reason}${others}`, ...summary };
}

/** Entries without a checkpoint, once checkpoints written during the walk (and just after) are read too. */
async function unanchoredEntries(uncovered: SequenceRanges, checkpoints: CheckpointSet): Promise<SequenceRanges> {
  let remaining = uncovered;
  for (const pause of [0, LATE_CHECKPOINT_GRACE_MS]) {
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    checkpoints.read();
    // Entries older than the first checkpoint predate checkpoints (an upgraded installation): its hash covers them.
    const since = checkpoints.firstSequence ?? 0;
    remaining = remaining.filter((sequence) => sequence > since && checkpoints.get(sequence) === undefined);
    if (remaining.first === undefined) break;
  }
  return remaining;
}

interface KeptCheckpoint {
  readonly hash: string;
  readonly timeMs: number;
  /** FILE line N, for messages. */
  readonly where: string;
}

/** The checkpoints of one or more files, read incrementally; only those of kept entries are held in memory. */
class CheckpointSet {
  readonly #files: ReadonlyArray<{ readonly path: string; position: ReadPosition; cutShort: number | undefined }>;
  readonly #publicKey: KeyObject | undefined;
  readonly #keepFrom: number;
  readonly #bySequence = new Map<number, KeptCheckpoint>();
  readonly #problems: Problem[] = [];
  #valid = 0;
  #lines = 0;
  #last: (KeptCheckpoint & { readonly sequence: number }) | undefined;
  #firstSequence: number | undefined;

  constructor(files: readonly string[], publicKey: KeyObject | undefined, keepFrom: number) {
    this.#files = files.map((path) => ({ path, position: { offset: 0, lineNumber: 1 }, cutShort: undefined }));
    this.#publicKey = publicKey;
    this.#keepFrom = keepFrom;
  }

  get lines(): number {
    return this.#lines;
  }

  get last(): (KeptCheckpoint & { readonly sequence: number }) | undefined {
    return this.#last;
  }

  get firstSequence(): number | undefined {
    return this.#firstSequence;
  }

  get(sequence: number): KeptCheckpoint | undefined {
    return this.#bySequence.get(sequence);
  }

  /** Reads what was appended to each file since the last read. */
  read(): void {
    for (const file of this.#files) {
      if (!existsSync(file.path)) continue;
      file.cutShort = undefined;
      file.position = forEachLine(file.path, file.position, (line) => {
        if (line.complete) this.#take(file.path, line);
        else file.cutShort = line.number;
      });
    }
  }

  problems(journalHasEntries: boolean): Problem[] {
    const missing = this.#files
      .filter((file) => !existsSync(file.path) && journalHasEntries)
      .map((file) => ({ sequence: 0, reason: `checkpoint file ${file.path} is missing: nothing outside the database vouches for the journal` }));
    const cutShort = this.#files.flatMap((file) => (file.cutShort === undefined ? [] : [{ sequence: 0, reason: `line ${file.cutShort} of ${file.path} is cut short (file truncated?)` }]));
    return [...missing, ...this.#problems, ...cutShort];
  }

  summary(): CheckpointSummary {
    return { checkpoints: this.#valid, lastCheckpointSequence: this.#last?.sequence ?? null, lastCheckpointTime: this.#last === undefined ? null : iso(this.#last.timeMs) };
  }

  #take(path: string, line: FileLine): void {
    if (line.text.trim() === '') return;
    this.#lines += 1;
    const where = `${path} line ${line.number}`;
    const checkpoint = parseCheckpointLine(line.text);
    if (checkpoint === undefined) {
      this.#problems.push({ sequence: 0, reason: `${where} is not a checkpoint (edited or damaged)` });
      return;
    }
    if (this.#publicKey === undefined) return;
    if (!checkpointSignatureValid(checkpoint, this.#publicKey)) {
      this.#problems.push({ sequence: checkpoint.sequence, reason: `the checkpoint of entry ${checkpoint.sequence} (${where}) has an invalid signature (edited, or signed with another key)` });
      return;
    }
    this.#valid += 1;
    this.#firstSequence = Math.min(this.#firstSequence ?? checkpoint.sequence, checkpoint.sequence);
    const kept = { hash: checkpoint.hash, timeMs: checkpoint.timeMs, where };
    if (this.#last === undefined || checkpoint.sequence > this.#last.sequence) this.#last = { ...kept, sequence: checkpoint.sequence };
    if (checkpoint.sequence < this.#keepFrom) return;
    const earlier = this.#bySequence.get(checkpoint.sequence);
    if (earlier === undefined) this.#bySequence.set(checkpoint.sequence, kept);
    else if (earlier.hash !== checkpoint.hash)
      this.#problems.push({ sequence: checkpoint.sequence, reason: `two signed checkpoints of entry ${checkpoint.sequence} disagree (${earlier.where} and ${where}): the chain forked` });
  }
}

/** Sequences as ascending ranges (a whole journal of unanchored entries stays small). */
class SequenceRanges {
  readonly #ranges: Array<[number, number]> = [];

  get first(): number | undefined {
    return this.#ranges[0]?.[0];
  }

  /** Sequences must come in ascending order. */
  add(sequence: number): void {
    const last = this.#ranges[this.#ranges.length - 1];
    if (last !== undefined && last[1] === sequence - 1) last[1] = sequence;
    else this.#ranges.push([sequence, sequence]);
  }

  filter(keep: (sequence: number) => boolean): SequenceRanges {
    const kept = new SequenceRanges();
    for (const [from, to] of this.#ranges) for (let sequence = from; sequence <= to; sequence += 1) if (keep(sequence)) kept.add(sequence);
    return kept;
  }

  describe(): string {
    const shown = this.#ranges.slice(0, 10).map(([from, to]) => range(from, to));
    const single = this.#ranges.length === 1 && this.#ranges[0]?.[0] === this.#ranges[0]?.[1];
    return `${single ? 'entry' : 'entries'} ${shown.join(', ')}${this.#ranges.length > 10 ? `, … (${this.#ranges.length} ranges)` : ''}`;
  }
}

function range(from: number, to: number): string {
  return from === to ? String(from) : `${from}–${to}`;
}

function iso(timeMs: number): string {
  return new Date(timeMs).toISOString();
}
