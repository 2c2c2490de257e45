// The import rules of docs/architecture.md ("Who may import whom"), checked by dependency-cruiser:
// `npm run depcheck`, and scripts/test.sh right after the type checks. Keep the two in step.
//
// A *module* is a capability folder (src/<capability>/) or one media module (src/media/<module>/); its door
// is its index.ts. Inside media/ the modules are one engine and may use each other's internals. *Test code*
// is a *.test.ts file, a test helper (a `testing/` folder or a `test-*.ts` file) or anything under test/.

/**
 * The capabilities, lowest first: each may import only those listed before it, so there can be no cycle
 * between capability folders. Holds the target direction export → retention → recording → media.
 */
const CAPABILITY_ORDER = [
  'journal',
  'territory',
  'access',
  'ingest',
  'onvif',
  'ptz',
  'masks',
  'live',
  'restream',
  'recording',
  'retention',
  'playback',
  'export',
  'wall',
  'watch',
  'analytics',
  'alerts',
  'investigations',
  'workspace',
  'registers',
  'reports',
];
const CAPABILITIES = `(${CAPABILITY_ORDER.join('|')})`;
const MEDIA_MODULES = '(bits|sdp|rtp|rtsp|h264|h265|mp4|hub|ffmpeg)';
const TEST_CODE = '(\\.test\\.ts$|(^|/)testing/|(^|/)test-[^/]+\\.ts$|^test/)';
const DOORS = [`^src/${CAPABILITIES}/index\\.ts$`, `^src/media/${MEDIA_MODULES}/index\\.ts$`];
const INTERNALS = [`^src/${CAPABILITIES}/.+`, `^src/media/${MEDIA_MODULES}/.+`];

const capabilityOrder = CAPABILITY_ORDER.slice(0, -1).map((capability, index) => ({
  name: `capability-order-${capability}`,
  severity: 'error',
  comment: `${capability}/ may import only the capabilities before it: ${CAPABILITY_ORDER.slice(0, index).join(', ') || 'none'}.`,
  from: { path: `^src/${capability}/`, pathNot: TEST_CODE },
  to: { path: `^src/(${CAPABILITY_ORDER.slice(index + 1).join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...capabilityOrder,
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'No file imports itself back through others at run time.',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'media-imports-no-capability',
      severity: 'error',
      comment: 'The media engine knows no capability: bytes in, streams out. It imports only core/.',
      from: { path: '^src/media/' },
      to: { path: '^(src/(?!media/|core/)|sim/|bench/|web/|test/(?!support/))' },
    },
    {
      name: 'core-and-config-import-no-capability',
      severity: 'error',
      comment: 'core/ (errors, clock, logger, ids) imports nothing of Vigie; config/ only core/.',
      from: { path: '^src/(core|config)/' },
      to: { path: '^(src/(?!core/|config/)|sim/|bench/|web/|test/(?!support/))' },
    },
    {
      name: 'through-the-door',
      severity: 'error',
      comment: 'Another capability, or a media module seen from outside media/, is reached through its index.ts only. ' + "(The media modules are one engine and may use each other's internals.)",
      from: { path: '^(src/[^/]+|sim)(/|$)', pathNot: [TEST_CODE, '^src/db/'] },
      to: { path: INTERNALS, pathNot: ['^$1/', ...DOORS] },
    },
    {
      name: 'tests-and-benches-through-the-door',
      severity: 'error',
      comment:
        "Test code may open the internals of its own capability (of all of media/ for media's tests); tests and " +
        'benchmarks may use any test helper; the rest they reach through doors, as the code does.',
      from: { path: '^(src/[^/]+|sim|test|bench)(/|$)', pathNot: `^(?!bench/|.*${TEST_CODE})` },
      to: { path: INTERNALS, pathNot: ['^$1/', ...DOORS, TEST_CODE] },
    },
    {
      name: 'db-reads-only-table-types',
      severity: 'error',
      comment: "db/ gathers the capabilities' table types into the Database type, and needs nothing else of them.",
      from: { path: '^src/db/' },
      to: { path: INTERNALS, pathNot: `^src/${CAPABILITIES}/tables\\.ts$` },
    },
    {
      name: 'capabilities-use-only-the-contracts-of-api-and-cli',
      severity: 'error',
      comment:
        'A capability declares its routes with api/route-access.ts (and adds to their journal entry with ' +
        'api/journal-note.ts) and its commands with cli/command.ts; the rest of api/ and cli/ wires capabilities ' +
        'together and is not theirs to import.',
      from: { path: [`^src/${CAPABILITIES}/`, '^src/media/', '^sim/'], pathNot: TEST_CODE },
      to: { path: '^src/(api|cli)/', pathNot: '^src/(api/(route-access|journal-note)|cli/command)\\.ts$' },
    },
    {
      name: 'main-is-imported-by-the-cli-only',
      severity: 'error',
      comment: 'main.ts is the composition root: only the `vigie` command (and tests) start it.',
      from: { pathNot: ['^src/cli/', TEST_CODE] },
      to: { path: '^src/main\\.ts$' },
    },
    {
      name: 'sim-uses-core-and-media-only',
      severity: 'error',
      comment: 'The camera simulator stands alone: it plays cameras with the media engine and knows no capability.',
      from: { path: '^sim/', pathNot: TEST_CODE },
      to: { path: '^(src/(?!core/|media/)|bench/|test/|web/)' },
    },
    {
      name: 'no-test-code-in-the-product',
      severity: 'error',
      comment: 'Tests and test helpers are not shipped: src/ and sim/ may not import them (bench/ may).',
      from: { path: '^(src|sim)/', pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'web-talks-http-only',
      severity: 'error',
      comment:
        'The console knows the server through HTTP and WebSocket only: its contract types live in ' +
        'web/src/api/contracts.ts, and nothing of src/, sim/, test/ or bench/ goes into the browser bundle.',
      from: { path: '^web/' },
      to: { path: '^(src|sim|test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)node_modules/', '^web/dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
