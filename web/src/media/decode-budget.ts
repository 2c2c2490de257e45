// A page's decode budget for its reducible live tiles (a wall monitor's small tiles). While the browser shows
// the pictures it receives, they get every picture; when it falls behind (pictures received but not shown:
// decoded too late and dropped, or skipped by the jump back to the live edge) they switch together to the
// keyframes alone (« images clés », one picture every 1–2 s on most cameras: still live, a fraction of the
// decoding). After a hold they try every picture again; each try that falls behind doubles the hold. The pages of
// one browser (the monitors of one wall PC) try one at a time (a Web Lock), and a page opening while another was
// reduced lately starts on keyframes, so that a wall PC starting up is not swamped. Tiles that are not reducible
// (a tile alone or maximised, the console's mosaic) always get every picture. docs/wall.md, "Decode budget".

export type PictureRate = 'all' | 'keyframes';

export interface BudgetMember {
  /** Pictures received and pictures shown (decoded, not dropped) since the tile began. */
  pictures(): { readonly received: number; readonly shown: number };
  setPictureRate(rate: PictureRate): void;
}

const TICK_MS = 2000;
/** A member that just joined or changed rate replays a keyframe's worth of pictures: its first seconds tell nothing. */
const SETTLE_MS = 6000;
/** Share of the received pictures the page must show to be keeping up. */
const KEEPING_UP = 0.8;
/** Ticks in a row behind before reducing: a single hiccup (a page loading, a garbage collection) is not a trend. */
const BEHIND_TICKS = 2;
/** A try at every picture that has kept up this long (settling included) succeeded. */
const TRY_MS = SETTLE_MS + 4 * TICK_MS;
const FIRST_HOLD_MS = 60_000;
const MAX_HOLD_MS = 10 * 60_000;
/** At every picture this long without falling behind: the next reduction holds for the first hold again. */
const STEADY_MS = 5 * 60_000;
/** Another page of this browser is trying: ask again after about this long. */
const BUSY_RETRY_MS = 15_000;
/** Shared by the pages of this browser: one tries every picture at a time, and when one was reduced last. */
const TRY_LOCK = 'vigie-decode-budget-try';
const REDUCED_AT_KEY = 'vigie.decodeBudget.reducedAt';
/** A page opening within this long of a reduction in this browser starts on keyframes. */
const REMEMBER_MS = 10 * 60_000;

interface Tally {
  received: number;
  shown: number;
  since: number;
}

const members = new Map<BudgetMember, Tally>();
let rate: PictureRate = 'all';
let changedAt = 0;
let behindTicks = 0;
let holdMs = FIRST_HOLD_MS;
let retryAt = 0;
let trying = false;
/** Ends the current try (releases the lock); null when not trying. */
let endTry: (() => void) | null = null;
let timer: ReturnType<typeof setInterval> | undefined;

/** Adds a tile to the page's budget and returns the rate it starts at. */
export function joinBudget(member: BudgetMember): PictureRate {
  if (timer === undefined) begin();
  members.set(member, { ...member.pictures(), since: performance.now() });
  return rate;
}

/** The page's first reducible tile: on keyframes if this browser reduced lately, every picture otherwise. */
function begin(): void {
  rate = recentlyReduced() ? 'keyframes' : 'all';
  changedAt = performance.now();
  retryAt = changedAt + jittered(FIRST_HOLD_MS / 2);
  behindTicks = 0;
  timer = setInterval(tick, TICK_MS);
  publish();
}

export function leaveBudget(member: BudgetMember): void {
  members.delete(member);
  if (members.size > 0) return;
  clearInterval(timer);
  timer = undefined;
  finishTry();
}

function tick(): void {
  const now = performance.now();
  let received = 0;
  let shown = 0;
  for (const [member, tally] of members) {
    const counts = member.pictures();
    if (now - tally.since >= SETTLE_MS) {
      received += counts.received - tally.received;
      shown += counts.shown - tally.shown;
    }
    tally.received = counts.received;
    tally.shown = counts.shown;
  }
  if (rate === 'keyframes') {
    if (now >= retryAt && !trying) tryEveryPicture();
    return;
  }
  if (now - changedAt < SETTLE_MS) return;
  behindTicks = received >= 5 && shown < received * KEEPING_UP ? behindTicks + 1 : 0;
  if (behindTicks >= BEHIND_TICKS) {
    reduce(now);
    return;
  }
  if (endTry !== null && now - changedAt >= TRY_MS) {
    // The machine kept up: pages opening now may start at every picture.
    localStorage.removeItem(REDUCED_AT_KEY);
    finishTry();
  }
  if (now - changedAt > STEADY_MS) holdMs = FIRST_HOLD_MS;
}

function reduce(now: number): void {
  retryAt = now + jittered(holdMs);
  holdMs = Math.min(holdMs * 2, MAX_HOLD_MS);
  localStorage.setItem(REDUCED_AT_KEY, String(Date.now()));
  document.documentElement.dataset['decodeReductions'] = String(Number(document.documentElement.dataset['decodeReductions'] ?? '0') + 1);
  setRate('keyframes', now);
  finishTry();
}

/** Every picture again, while no other page of this browser is trying (without Web Locks, outside HTTPS: at once). */
function tryEveryPicture(): void {
  trying = true;
  const start = (): Promise<void> => {
    setRate('all', performance.now());
    return new Promise((resolve) => {
      endTry = resolve;
    });
  };
  if (typeof navigator.locks === 'undefined') {
    void start();
    return;
  }
  void navigator.locks.request(TRY_LOCK, { ifAvailable: true }, (lock) => {
    if (lock !== null && rate === 'keyframes' && members.size > 0) return start();
    trying = false;
    retryAt = performance.now() + jittered(BUSY_RETRY_MS);
    return undefined;
  });
}

function finishTry(): void {
  trying = false;
  const end = endTry;
  endTry = null;
  end?.();
}

function setRate(next: PictureRate, now: number): void {
  rate = next;
  changedAt = now;
  behindTicks = 0;
  for (const [member, tally] of members) {
    tally.since = now;
    member.setPictureRate(next);
  }
  publish();
}

/** ± 25 %, so that the monitors of one wall PC do not all act at the same instant. */
function jittered(ms: number): number {
  return ms * (0.75 + Math.random() * 0.5);
}

function recentlyReduced(): boolean {
  const at = Number(localStorage.getItem(REDUCED_AT_KEY) ?? 'NaN');
  return Number.isFinite(at) && Date.now() - at < REMEMBER_MS;
}

/** The page's rate on <html data-picture-rate>, for tools and tests. */
function publish(): void {
  document.documentElement.dataset['pictureRate'] = rate;
}
