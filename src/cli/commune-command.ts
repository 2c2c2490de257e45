// `vigie commune import FILE | list`: the territory's communes, from GeoJSON (with outlines) or CSV.
import { commandConfig, parseCommandArgs, unknownSubcommand, type CliCommand } from './command.js';
import { cliAuthor, printImportReport, readImportFile, withTerritory } from './territory-context.js';

export const communeCommand: CliCommand = {
  name: 'commune',
  summary: 'communes of the territory: import FILE (GeoJSON or CSV), list',
  help: {
    import: { synopsis: ['FILE   (GeoJSON FeatureCollection or CSV; all or nothing)'] },
    list: { synopsis: ['[--json]'], options: [['--json', 'one JSON array']] },
  },
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub === 'import') {
      const { values, positionals } = parseCommandArgs(rest, {}, true);
      const source = readImportFile(positionals[0]);
      return withTerritory(commandConfig(values), async (territory) => printImportReport('communes', await territory.communes.import(source, cliAuthor())));
    }
    if (sub === 'list') {
      const { values } = parseCommandArgs(rest, { json: { type: 'boolean' } });
      return withTerritory(commandConfig(values), async (territory) => {
        const communes = await territory.communes.list();
        if (values.json === true) process.stdout.write(`${JSON.stringify(communes)}\n`);
        else for (const c of communes) process.stdout.write(`${c.insee}  ${c.name}${c.hasOutline ? '' : '  (no outline)'}\n`);
        return 0;
      });
    }
    throw unknownSubcommand(sub);
  },
};
