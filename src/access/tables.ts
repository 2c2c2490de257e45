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
  /** Habilitation: who designated the person, under which authority, and for how long. */
  granted_by: string;
  authority: string;
  valid_from: number | null;
  valid_until: number | null;
  disabled: number;
  /** Failed logins in a row; reset by a successful login. */
  failed_count: number;
  locked_until: number | null;
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
}

export interface ApiTokenTable {
  id: string;
  name: string;
  /** SHA-256 of the token value. */
  token_hash: string;
  /** The role whose rights the token borrows, narrowed to `actions`. */
  role: string;
  actions: string;
  communes: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

export interface AccessTables {
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
}
