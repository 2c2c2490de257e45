// `vigie camera add|list|update|remove|import`: the camera inventory from the command line, through the same
// validation as the API, journaled as done from the command line. Passwords only come on standard input.
import { VigieError } from '../core/errors.js';
import type { Camera, CameraFields, Territory } from '../territory/index.js';
import { commandConfig, parseCommandArgs, unknownSubcommand, usageError as usage, type CliCommand } from './command.js';
import { cliAuthor, printImportReport, readImportFile, readSecretFromStdin, withTerritory } from './territory-context.js';

/** The camera's fields as options, for add and update (update changes only those given). */
const FIELD_HELP: ReadonlyArray<readonly [string, string]> = [
  ['--name N', "the camera's name, unique"],
  ['--commune INSEE', 'the commune it films'],
  ['--lat LAT, --lon LON', 'where it stands (WGS 84)'],
  ['--main-url rtsp://…', 'its main stream (recorded)'],
  ['--sub-url URL', 'its sub stream, for small live tiles'],
  ['--type T', 'fixed, ptz or multisensor'],
  ['--username U', "the camera's login; with --password-stdin for its password"],
  ['--password-stdin', "read the camera's password from standard input"],
  ['--no-credentials', 'the camera needs no login (removes stored ones)'],
  ['--retention-days D', 'days its footage is kept, 1 to 30'],
  ['--purpose P', 'a purpose of its prefectoral authorisation, e.g. crime-prevention (repeat; docs/territory.md)'],
  ['--sector NAME', 'a sector it belongs to (repeat)'],
  ['--enabled true|false', 'recorded and shown, or not'],
  ['--narrow-field true|false', 'a narrow-field camera: the stricter recording floors of the arrêté of 3 August 2007 apply'],
  ['--mounting TEXT', 'how it is mounted (mast, façade…)'],
  ['--onvif-host H, --onvif-port N', 'its ONVIF service (PTZ)'],
  ['--json', 'print the camera as JSON'],
];

const FIELD_OPTIONS = {
  name: { type: 'string' },
  commune: { type: 'string' },
  lat: { type: 'string' },
  lon: { type: 'string' },
  type: { type: 'string' },
  mounting: { type: 'string' },
  'main-url': { type: 'string' },
  'sub-url': { type: 'string' },
  username: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  'no-credentials': { type: 'boolean' },
  'retention-days': { type: 'string' },
  purpose: { type: 'string', multiple: true },
  sector: { type: 'string', multiple: true },
  enabled: { type: 'string' },
  'narrow-field': { type: 'string' },
  'onvif-host': { type: 'string' },
  'onvif-port': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const cameraCommand: CliCommand = {
  name: 'camera',
  summary: 'camera inventory: add, list, update, remove, import FILE',
  help: {
    add: { synopsis: ['--name N --commune INSEE --lat LAT --lon LON --main-url rtsp://… [options]'], options: FIELD_HELP },
    update: { synopsis: ['ID|NAME [options]'], options: FIELD_HELP },
    remove: { synopsis: ['ID|NAME'] },
    list: {
      synopsis: ['[--commune INSEE]... [--json]'],
      options: [
        ['--commune INSEE', 'only the cameras of this commune (repeat)'],
        ['--json', 'one JSON array'],
      ],
    },
    import: { synopsis: ['FILE   (CSV or GeoJSON; all or nothing, with a per-line report)'] },
  },
  async run(argv) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'add':
        return addCamera(rest);
      case 'update':
        return updateCamera(rest);
      case 'remove':
        return removeCamera(rest);
      case 'list':
        return listCameras(rest);
      case 'import': {
        const { values, positionals } = parseCommandArgs(rest, {}, true);
        const source = readImportFile(positionals[0]);
        return withTerritory(commandConfig(values), async (territory) => printImportReport('cameras', await territory.cameras.import(source, cliAuthor())));
      }
      default:
        throw unknownSubcommand(sub);
    }
  },
};

async function addCamera(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, FIELD_OPTIONS, true);
  if (positionals.length > 0) throw usage(`unexpected argument "${positionals[0] ?? ''}"`);
  const fields = await fieldsFromOptions(values);
  return withTerritory(commandConfig(values), async (territory) => {
    printCamera(await territory.cameras.create(fields, cliAuthor()), values.json === true);
    return 0;
  });
}

async function updateCamera(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, FIELD_OPTIONS, true);
  const reference = onePositional(positionals, 'ID|NAME');
  const fields = await fieldsFromOptions(values);
  if (Object.keys(fields).length === 0) throw usage('nothing to change: give at least one option');
  return withTerritory(commandConfig(values), async (territory) => {
    const camera = await findCamera(territory, reference);
    printCamera(await territory.cameras.update(camera.id, fields, cliAuthor()), values.json === true);
    return 0;
  });
}

async function removeCamera(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, true);
  const reference = onePositional(positionals, 'ID|NAME');
  return withTerritory(commandConfig(values), async (territory) => {
    const camera = await territory.cameras.remove((await findCamera(territory, reference)).id, cliAuthor());
    process.stdout.write(`removed ${camera.id} ${camera.name}\n`);
    return 0;
  });
}

async function listCameras(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { commune: { type: 'string', multiple: true }, json: { type: 'boolean' } });
  return withTerritory(commandConfig(values), async (territory) => {
    const cameras = await territory.cameras.list(values.commune === undefined ? { all: true } : { all: false, communes: values.commune });
    if (values.json === true) process.stdout.write(`${JSON.stringify(cameras)}\n`);
    else for (const camera of cameras) printCamera(camera, false);
    return 0;
  });
}

type FieldValues = { [K in keyof typeof FIELD_OPTIONS]?: (typeof FIELD_OPTIONS)[K] extends { multiple: true } ? string[] : (typeof FIELD_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** Only the options given become fields, so `update` changes exactly what was asked. */
async function fieldsFromOptions(values: FieldValues): Promise<CameraFields> {
  if (values['password-stdin'] === true && values.username === undefined) throw usage('--password-stdin needs --username');
  if (values['no-credentials'] === true && values.username !== undefined) throw usage('--no-credentials and --username exclude each other');
  const fields: Record<string, unknown> = {};
  const copy: ReadonlyArray<readonly [keyof FieldValues, keyof CameraFields]> = [
    ['name', 'name'],
    ['commune', 'commune'],
    ['lat', 'lat'],
    ['lon', 'lon'],
    ['type', 'type'],
    ['mounting', 'mounting'],
    ['main-url', 'mainUrl'],
    ['sub-url', 'subUrl'],
    ['username', 'username'],
    ['retention-days', 'retentionDays'],
    ['purpose', 'purposes'],
    ['sector', 'sectors'],
    ['enabled', 'enabled'],
    ['narrow-field', 'narrowField'],
    ['onvif-host', 'onvifHost'],
    ['onvif-port', 'onvifPort'],
  ];
  for (const [option, field] of copy) if (values[option] !== undefined) fields[field] = values[option];
  if (values['password-stdin'] === true) fields['password'] = await readSecretFromStdin();
  if (values['no-credentials'] === true) fields['username'] = null;
  return fields;
}

async function findCamera(territory: Territory, reference: string): Promise<Camera> {
  const byId = await territory.cameras.get(reference);
  if (byId !== undefined) return byId;
  const named = (await territory.cameras.list({ all: true })).find((camera) => camera.name === reference);
  if (named === undefined) throw new VigieError('VIGIE_CAMERA_NOT_FOUND', `no camera with id or name "${reference}"`, { status: 404 });
  return named;
}

function printCamera(camera: Camera, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(camera)}\n`);
    return;
  }
  const flags = [camera.type, `${camera.retentionDays}d`, camera.enabled ? '' : 'disabled', camera.hasCredentials ? 'credentials' : ''].filter((f) => f !== '').join(', ');
  process.stdout.write(`${camera.id}  ${camera.communeInsee} ${camera.communeName}  ${camera.name}  (${flags})  ${camera.mainUrl}\n`);
}

function onePositional(positionals: readonly string[], what: string): string {
  if (positionals.length !== 1) throw usage(`give exactly one ${what}`);
  return positionals[0] as string;
}
