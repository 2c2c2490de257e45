// Per-address login throttling (OWASP Authentication Cheat Sheet): too many failures from one IP address in
// a window refuse further attempts from it for a while, whatever the usernames tried. Account lockout is
// separate (users.failed_count). In memory: a restart forgets it, which only helps an attacker for one window.

const MAX_TRACKED_ADDRESSES = 10_000;

export class LoginThrottle {
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #failures = new Map<string, number[]>();

  constructor(options: { maxFailures: number; windowMs: number }) {
    this.#maxFailures = options.maxFailures;
    this.#windowMs = options.windowMs;
  }

  isBlocked(ip: string, nowMs: number): boolean {
    return this.#recent(ip, nowMs).length >= this.#maxFailures;
  }

  recordFailure(ip: string, nowMs: number): void {
    if (this.#failures.size >= MAX_TRACKED_ADDRESSES && !this.#failures.has(ip)) this.#forgetOldest();
    this.#failures.set(ip, [...this.#recent(ip, nowMs), nowMs]);
  }

  #recent(ip: string, nowMs: number): number[] {
    return (this.#failures.get(ip) ?? []).filter((t) => nowMs - t < this.#windowMs);
  }

  #forgetOldest(): void {
    const first = this.#failures.keys().next();
    if (first.done !== true) this.#failures.delete(first.value);
  }
}
