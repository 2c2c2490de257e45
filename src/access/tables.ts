// Kysely table types of the access capability: named accounts with their habilitation, login sessions and
// API tokens. Secrets (passwords, session and token values) are only ever stored hashed.

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  /** JSON array of INSEE codes; non-empty for mayors and municipal police. */
  communes: string;
  /** `scrypt$N$r$p$salt$hash` (base64url parts). */
  password_hash: string;
  /** Habilitation: who designated the person, under which authority and reference, for how long, trained when. */
  granted_by: string;
  authority: string;
  /** The prefectoral authorisation's or the mayor's designation's number. */
  reference: string;
  valid_from: number | null;
  valid_until: number | null;
  training_date: number | null;
  /** 1 after an administrator reset the password: the person may only change it until he does. */
  must_change_password: number;
  /** The TOTP second factor's secret sealed (AES-GCM, bound to the account id); null: none enrolled. */
  totp_secret: string | null;
  /** The habilitation end (valid_until) whose 30-day warning, and whose expiry, were journaled. */
  expiry_warned_for: number | null;
  expiry_journaled_for: number | null;
  disabled: number;
  created_at: number;
  updated_at: number;
}

export interface SessionTable {
  /** SHA-256 of the cookie value. */
  id: string;
  user_id: string;
  /** SHA-256 of the CSRF token handed out at login. */
  csrf_hash: string;
  created_at: number;
  last_seen_at: number;
  ip: string;
  user_agent: string;
  /** When a time-boxed session ends whatever its use (an investigator's); null: idle and absolute limits only. */
  ends_at: number | null;
}

export interface ApiTokenTable {
  id: string;
  name: string;
  /** SHA-256 of the token value. */
  token_hash: string;
  /** The owner's role when the token was minted (at use, the owner's current role decides). */
  role: string;
  actions: string;
  communes: string;
  created_by: string;
  /** The account that minted the token; its rights bound the token's at every use. Null: owner gone, token dead. */
  owner_id: string | null;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

/** One login-attempt counter (see login-throttle.ts); `username` is '' for an address, `ip` '' for an account. */
export interface LoginAttemptTable {
  kind: string;
  /** The username tried, lowercased, whether or not such an account exists. */
  username: string;
  ip: string;
  /** Attempts of the current streak, counted before their password is evaluated; a right password gives its back. */
  failures: number;
  /** Lockouts in a row: the next one lasts twice as long (back-off). */
  lockouts: number;
  locked_until: number | null;
  last_failure_at: number | null;
  last_success_at: number | null;
}

export interface AccessTables {
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  login_attempts: LoginAttemptTable;
}
