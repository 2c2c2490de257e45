// `vigie analyze FILE`: runs the analytics pipeline and rules on a video file (footage handed over for an
// investigation, for example), the rules on the whole picture, and prints one JSON line per event:
// {"rule","start","end","confidence","boxes"} with start/end in seconds from the file's start and boxes
// normalised 0..1. --mot writes the person tracks in MOTChallenge format. Nothing is stored.
import { writeFileSync } from 'node:fs';
import { VigieError } from '../core/errors.js';
import { analyzeFile, isRuleName, profileRules, RULE_NAMES, UnreadableVideoError, type AnalyticsProfile, type RuleName } from '../analytics/index.js';
import { parseCommandArgs, usageError, type CliCommand } from './command.js';

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'analyze FILE: run the analytics rules on a video file, one JSON line per event (--mot: person tracks)',
  help: {
    '': {
      synopsis: ['FILE [--profile legal|extended] [--rules a,b,…] [--mot OUT.txt]'],
      options: [
        ['--profile legal|extended', 'legal: the 8 event types of décret 2023-828 (default); extended adds aggression, road_accident, tampering'],
        ['--rules a,b,…', `only these rules (${RULE_NAMES.join(', ')})`],
        [
          '--mot OUT.txt',
          'write the person tracks in MOTChallenge format (frame,id,x,y,w,h,conf,-1,-1,-1; every frame analysed, tracks joined again across crossings and gaps once the whole file is read)',
        ],
        ['--max-seconds N', 'analyse only the first N seconds'],
      ],
    },
  },
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { profile: { type: 'string' }, rules: { type: 'string' }, mot: { type: 'string' }, 'max-seconds': { type: 'string' } }, true);
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) throw usageError('one video FILE is required');
    const profile = values.profile ?? 'legal';
    if (profile !== 'legal' && profile !== 'extended') throw usageError(`unknown profile "${profile}" (legal or extended)`);
    let rules: RuleName[] | undefined;
    if (values.rules !== undefined) {
      const names = values.rules
        .split(',')
        .map((r) => r.trim())
        .filter((r) => r !== '');
      const unknown = names.filter((r) => !isRuleName(r));
      if (unknown.length > 0 || names.length === 0) throw usageError(`unknown rule(s) "${unknown.join(',')}" (${RULE_NAMES.join(', ')})`);
      rules = names as RuleName[];
      const allowed = profileRules(profile as AnalyticsProfile);
      const outside = rules.filter((r) => !allowed.includes(r));
      if (outside.length > 0) throw usageError(`${outside.join(',')} need --profile extended`);
    }
    const maxSeconds = values['max-seconds'] === undefined ? undefined : Number(values['max-seconds']);
    if (maxSeconds !== undefined && !(maxSeconds > 0)) throw usageError('--max-seconds must be a positive number');
    try {
      const result = await analyzeFile(file, {
        profile: profile as AnalyticsProfile,
        ...(rules === undefined ? {} : { rules }),
        mot: values.mot !== undefined,
        ...(maxSeconds === undefined ? {} : { maxSeconds }),
        onEvent: (event) => process.stdout.write(`${JSON.stringify(event)}\n`),
      });
      if (values.mot !== undefined) writeFileSync(values.mot, result.mot.length === 0 ? '' : `${result.mot.join('\n')}\n`);
      return 0;
    } catch (error) {
      if (error instanceof UnreadableVideoError) throw new VigieError('VIGIE_ANALYTICS_UNREADABLE_FILE', error.message, { status: 422 });
      if (error instanceof Error && /modèles|processus d'analyse/.test(error.message)) throw new VigieError('VIGIE_ANALYTICS_DETECTOR_UNAVAILABLE', error.message, { status: 503 });
      throw error;
    }
  },
};
