// The whole configuration: one YAML file, overridden by VIGIE_* environment variables. Every capability
// reads its own slice. Defaults here are the embedded default (SQLite + local disk).
import { Type, type Static } from '@sinclair/typebox';

export const ConfigSchema = Type.Object(
  {
    /** Where the SQLite database, recordings, keys and generated simulator loops live. */
    dataDir: Type.String({ default: './data', minLength: 1 }),
    /** Demo mode: demo territory, demo accounts and simulated cameras. Never in production. */
    demo: Type.Boolean({ default: false }),
    http: Type.Object(
      {
        host: Type.String({ default: '0.0.0.0' }),
        port: Type.Integer({ default: 8080, minimum: 0, maximum: 65535 }),
        /** Largest accepted request body; imports go through the same limit. */
        bodyLimitBytes: Type.Integer({ default: 10 * 1024 * 1024, minimum: 1024 }),
        /** Set when Vigie is served over HTTPS so that cookies carry the Secure flag. */
        secureCookies: Type.Boolean({ default: false }),
        /** Origins (`https://vigie.example.fr`) whose pages may open WebSockets; empty: the request's own host only. */
        publicOrigins: Type.Array(Type.String({ pattern: '^https?://[^/]+$' }), { default: [] }),
      },
      { default: {} },
    ),
    database: Type.Object(
      {
        /** Empty: SQLite file `<dataDir>/vigie.db`. `postgres://…`: PostgreSQL. `sqlite:PATH`: another SQLite file. */
        url: Type.String({ default: '' }),
      },
      { default: {} },
    ),
    log: Type.Object(
      {
        level: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')], {
          default: 'info',
        }),
        /** `auto`: readable with colours on a terminal, JSON lines otherwise (a pipe, a file, journald). */
        format: Type.Union([Type.Literal('auto'), Type.Literal('pretty'), Type.Literal('json')], { default: 'auto' }),
      },
      { default: {} },
    ),
    security: Type.Object(
      {
        /** A session unused this long expires. */
        sessionIdleMinutes: Type.Integer({ default: 30, minimum: 1, maximum: 24 * 60 }),
        /** A session expires this long after login, used or not (one shift plus margin). */
        sessionAbsoluteHours: Type.Integer({ default: 12, minimum: 1, maximum: 72 }),
        /** An investigator's session (the viewing room) ends this long after login, used or not. */
        investigatorSessionMinutes: Type.Integer({ default: 120, minimum: 1, maximum: 12 * 60 }),
        /** Failed logins on one account from one address before that pair is locked (others are not). */
        loginMaxFailures: Type.Integer({ default: 5, minimum: 1, maximum: 100 }),
        /** Failed logins on one account from all addresses before it is locked (except where it logged in lately). */
        accountMaxFailures: Type.Integer({ default: 50, minimum: 1, maximum: 10_000 }),
        /** Failed logins from one address on all accounts before it is locked. */
        addressMaxFailures: Type.Integer({ default: 20, minimum: 1, maximum: 10_000 }),
        /** The first lockout; each one in a row doubles, up to `lockoutMaxHours`. */
        lockoutMinutes: Type.Integer({ default: 15, minimum: 1, maximum: 24 * 60 }),
        /** The longest lockout; failures are forgotten after this long without one (counted from a lockout's end). */
        lockoutMaxHours: Type.Integer({ default: 24, minimum: 1, maximum: 30 * 24 }),
        /** Password strength (zxcvbn score, 3 or 4) required outside demo mode. */
        passwordMinScore: Type.Integer({ default: 3, minimum: 3, maximum: 4 }),
      },
      { default: {} },
    ),
    access: Type.Object(
      {
        /** TOTP second factor: `off`, `optional` (each person may enrol), `required-for-video` (roles that see video must enrol before anything else). */
        secondFactor: Type.Union([Type.Literal('off'), Type.Literal('optional'), Type.Literal('required-for-video')], { default: 'optional' }),
      },
      { default: {} },
    ),
    journal: Type.Object(
      {
        /** Journal entries are kept 3 years by default, separately from video. */
        retentionDays: Type.Integer({ default: 3 * 365, minimum: 365, maximum: 10 * 365 }),
        /** Signed checkpoints of the journal (docs/journal.md), written to `<dataDir>/journal/checkpoints.jsonl`. */
        checkpoints: Type.Object(
          {
            /** Copies shipped off the machine by the server; an empty value leaves that target off. */
            ship: Type.Object(
              {
                /** `udp://host:514` or `tcp://host:514` (RFC 5424, facility log audit). */
                syslog: Type.String({ default: '' }),
                /** An http(s) URL receiving POSTs of NDJSON checkpoints. */
                webhook: Type.String({ default: '' }),
                mqtt: Type.Object(
                  {
                    /** `mqtt://host:1883` (or mqtts://). */
                    url: Type.String({ default: '' }),
                    topic: Type.String({ default: 'vigie/journal/checkpoints', minLength: 1 }),
                  },
                  { default: {} },
                ),
                /** Checkpoints waiting per target while it is unreachable; beyond, the oldest are dropped (they stay in the local file). */
                queueLimit: Type.Integer({ default: 10000, minimum: 100, maximum: 1_000_000 }),
              },
              { default: {} },
            ),
          },
          { default: {} },
        ),
      },
      { default: {} },
    ),
    territory: Type.Object(
      {
        /** Default retention for new cameras, in days; the legal cap is 30. */
        defaultRetentionDays: Type.Integer({ default: 15, minimum: 1, maximum: 30 }),
      },
      { default: {} },
    ),
    /** The console's map (docs/web.md, "Carte"). */
    console: Type.Object(
      {
        /** XYZ raster tile URL template for the map's background ({z}, {x}, {y}); empty: outlines only, no tile server. */
        mapTileUrl: Type.String({ default: '' }),
        /** Attribution shown under the map when tiles are drawn (the tile provider's licence). */
        mapTileAttribution: Type.String({ default: '' }),
      },
      { default: {} },
    ),
    media: Type.Object(
      {
        /** RTSP restream server port (`--rtsp-port`, VIGIE_RTSP_PORT); 0 disables it. */
        rtspPort: Type.Integer({ default: 8554, minimum: 0, maximum: 65535 }),
        /** Cameras served by the built-in simulator in demo mode. */
        demoCameras: Type.Integer({ default: 8, minimum: 0, maximum: 1000 }),
        /** Port of the built-in simulator in demo mode (`--sim-port`, VIGIE_SIM_PORT). */
        simulatorPort: Type.Integer({ default: 8555, minimum: 0, maximum: 65535 }),
        /** Where the simulator keeps its generated loops; empty means `<dataDir>/sim-cache` (tests share one). */
        simulatorCacheDir: Type.String({ default: '' }),
      },
      { default: {} },
    ),
    /** PTZ control (docs/ptz.md). */
    ptz: Type.Object(
      {
        /** How long a person keeps a PTZ camera after his last command; others of equal or lower priority wait. */
        holdSeconds: Type.Integer({ default: 60, minimum: 5, maximum: 3600 }),
      },
      { default: {} },
    ),
    recording: Type.Object(
      {
        enabled: Type.Boolean({ default: true }),
        /** Storage volumes for recordings; empty means `<dataDir>/recordings`. */
        volumes: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
        /** Free space kept on each volume; below it the oldest unheld footage is deleted. */
        minFreeBytes: Type.Integer({ default: 1024 * 1024 * 1024, minimum: 0 }),
        /** Length of one recording file. */
        segmentSeconds: Type.Integer({ default: 60, minimum: 2, maximum: 3600 }),
        /**
         * How often written footage is made durable (fdatasync) and indexed. A crash of Vigie loses at most the
         * fragment being assembled (< 0.5 s); a power cut at most that plus this interval.
         */
        syncIntervalMs: Type.Integer({ default: 2000, minimum: 100, maximum: 60_000 }),
        /** Also record the sub stream of cameras that have one. */
        subStreams: Type.Boolean({ default: false }),
        /** Days the sub stream is kept: its camera's retention, at most this (legal cap 30). */
        subRetentionDays: Type.Integer({ default: 7, minimum: 1, maximum: 30 }),
      },
      { default: {} },
    ),
    /** Alerts from algorithmic analysis (docs/alerts.md): the opt-in profile, MQTT and webhooks for the police's tools. */
    alerts: Type.Object(
      {
        /** Allows activating the opt-in detectors (aggression, road accident, tampering): outside décret 2023-828, off by default. */
        extendedProfile: Type.Boolean({ default: false }),
        /** The site's name in MQTT topics: vigie/<site>/alerts/<commune>/<camera>/<state>. */
        site: Type.String({ default: 'csu', pattern: '^[A-Za-z0-9_-]+$' }),
        mqtt: Type.Object(
          {
            /** `mqtt://127.0.0.1:1883`; empty: no MQTT. */
            url: Type.String({ default: '' }),
          },
          { default: {} },
        ),
        /** Each receives a POST of every alert event (JSON); failures are logged and retried, never block the alert. */
        webhooks: Type.Array(
          Type.Object(
            {
              url: Type.String({ pattern: '^https?://' }),
              timeoutMs: Type.Integer({ default: 3000, minimum: 100, maximum: 60_000 }),
              retries: Type.Integer({ default: 3, minimum: 0, maximum: 10 }),
            },
            { additionalProperties: false },
          ),
          { default: [] },
        ),
      },
      { default: {} },
    ),
    /** Client connection caps and idle timeouts (docs/operations.md, "Connection limits"). */
    limits: Type.Object(
      {
        http: Type.Object(
          {
            /** Open HTTP connections (WebSockets included), all clients together. */
            maxConnections: Type.Integer({ default: 10_000, minimum: 1 }),
            /** Per client address (an IPv6 client counts with its /64); a 12-monitor video wall holds about 130. */
            maxConnectionsPerAddress: Type.Integer({ default: 256, minimum: 1 }),
            /** A connection must send complete request headers within this delay (it is closed otherwise). */
            headersTimeoutMs: Type.Integer({ default: 10_000, minimum: 500 }),
            /** A whole request (body included) must arrive within this delay. */
            requestTimeoutMs: Type.Integer({ default: 120_000, minimum: 1000 }),
            /** A kept-alive connection with no request for this long is closed. */
            keepAliveTimeoutMs: Type.Integer({ default: 10_000, minimum: 500 }),
          },
          { default: {} },
        ),
        websocket: Type.Object(
          {
            maxConnections: Type.Integer({ default: 5000, minimum: 1 }),
            maxConnectionsPerAddress: Type.Integer({ default: 200, minimum: 1 }),
            /** Every client is pinged this often; one that has not answered the previous ping is cut. */
            pingIntervalMs: Type.Integer({ default: 30_000, minimum: 1000 }),
          },
          { default: {} },
        ),
        rtsp: Type.Object(
          {
            maxConnections: Type.Integer({ default: 1000, minimum: 1 }),
            maxConnectionsPerAddress: Type.Integer({ default: 256, minimum: 1 }),
            /** A connection without a stream that completes no request for this long is closed. */
            requestTimeoutMs: Type.Integer({ default: 10_000, minimum: 500 }),
          },
          { default: {} },
        ),
        /** File descriptors kept from clients: the open-file limit less these is what client connections may hold. */
        reservedDescriptors: Type.Object(
          {
            /** Node, the database, logs, ffmpeg pipes, files being served. */
            base: Type.Integer({ default: 512, minimum: 0 }),
            /** Each camera stream: its RTSP socket, a UDP pair, the recording file written and the next one. */
            perStream: Type.Integer({ default: 6, minimum: 0 }),
          },
          { default: {} },
        ),
      },
      { default: {} },
    ),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;
