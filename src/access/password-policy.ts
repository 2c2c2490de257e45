// Password policy: a length range, then a guessability estimate by zxcvbn-ts with its common (passwords, names,
// keyboard patterns) and French dictionaries, the account's own names and the site's words counting as known
// words. The dictionaries are loaded on the first check, not at start: that check takes ≈ 0.5 s and ≈ 25 MB of
// heap for good (password-policy.test.ts measures it); later checks take 5–400 ms of CPU (first 256 characters).
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { Config } from '../config/schema.js';
import { VigieError } from '../core/errors.js';
import { DEMO_PASSWORD } from './demo-accounts.js';

export interface PasswordRules {
  readonly minLength: number;
  /** zxcvbn score (0–4) the password must reach; 0 turns the estimate off (demo mode only). */
  readonly minScore: number;
}

/** The installation's rules: outside demo mode at least 12 characters and the configured score; in demo mode the demo password passes. */
export function passwordRules(config: Config): PasswordRules {
  return config.demo ? { minLength: DEMO_PASSWORD.length, minScore: 0 } : { minLength: 12, minScore: config.security.passwordMinScore };
}

/** Words an attacker aiming at this installation would try first, besides the account's own names. */
const SITE_WORDS = ['vigie', 'videoprotection', 'vidéoprotection', 'videosurveillance', 'vidéosurveillance', 'cctv', 'csu', 'supervision', 'camera', 'caméra', 'police', 'mairie'];
const MAX_LENGTH = 1024;

// The estimator's feedback keys in English (API messages are English; the web console shows French by code).
const WARNINGS: Readonly<Record<string, string>> = {
  straightRow: 'straight rows of keys are easy to guess',
  keyPattern: 'short keyboard patterns are easy to guess',
  simpleRepeat: 'repeated characters like "aaa" are easy to guess',
  extendedRepeat: 'repeated patterns like "abcabcabc" are easy to guess',
  sequences: 'common sequences like "abc" are easy to guess',
  recentYears: 'recent years are easy to guess',
  dates: 'dates are easy to guess',
  topTen: 'this is a heavily used password',
  topHundred: 'this is a frequently used password',
  common: 'this is a commonly used password',
  similarToCommon: 'this is similar to a commonly used password',
  wordByItself: 'single words are easy to guess',
  namesByThemselves: 'single names or surnames are easy to guess',
  commonNames: 'common names and surnames are easy to guess',
  userInputs: 'it contains personal or site-related words',
  pwned: 'this password appeared in a data breach',
};
const SUGGESTIONS: Readonly<Record<string, string>> = {
  l33t: 'avoid predictable letter substitutions like "@" for "a"',
  reverseWords: 'avoid reversed spellings of common words',
  allUppercase: 'capitalise some, but not all, letters',
  capitalization: 'capitalise more than the first letter',
  dates: 'avoid dates and years associated with you',
  recentYears: 'avoid recent years',
  associatedYears: 'avoid years associated with you',
  sequences: 'avoid common character sequences',
  repeated: 'avoid repeated words and characters',
  longerKeyboardPattern: 'use longer keyboard patterns and change typing direction',
  anotherWord: 'add more words that are less common',
  useWords: 'use several words, but avoid common phrases',
  noNeed: 'a passphrase of several uncommon words is enough',
  pwned: 'change it wherever else it is used',
};

let estimator: Promise<ZxcvbnFactory> | undefined;

function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, french] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-fr')]);
    // No translations: feedback comes back as keys, worded in English above.
    return new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...french.dictionary }, graphs: common.adjacencyGraphs });
  })();
  return estimator;
}

/** Throws VIGIE_PASSWORD_WEAK (400) with the estimator's feedback when `password` breaks the rules. */
export async function assertStrongPassword(password: string, rules: PasswordRules, account: { username: string; displayName?: string }): Promise<void> {
  if (password.length < rules.minLength || password.length > MAX_LENGTH) {
    throw new VigieError('VIGIE_PASSWORD_WEAK', `password must be ${rules.minLength} to ${MAX_LENGTH} characters long`, { status: 400, context: { minLength: rules.minLength } });
  }
  if (rules.minScore === 0) return;
  const userInputs = [account.username, ...account.username.split(/[._-]/), ...(account.displayName ?? '').split(/\s+/), ...SITE_WORDS].filter((word) => word.length > 2);
  const zxcvbn = await loadEstimator();
  // Cracking rules add symbols around a guess for free ("Chartres2026" + "!"), which the estimator scores as
  // brute force: the password stripped of them is estimated too, and the weaker estimate counts.
  const core = password.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  const result = [password, ...(core === password || core === '' ? [] : [core])]
    .map((candidate) => zxcvbn.check(candidate, userInputs))
    .reduce((weakest, next) => (next.score < weakest.score ? next : weakest));
  if (result.score >= rules.minScore) return;
  const warning = result.feedback.warning;
  const advice = [warning === null ? undefined : WARNINGS[warning], ...result.feedback.suggestions.map((key) => SUGGESTIONS[key])].filter((text) => text !== undefined);
  throw new VigieError('VIGIE_PASSWORD_WEAK', `password too easy to guess (strength ${result.score} of 4, ${rules.minScore} needed)${advice.length === 0 ? '' : `: ${advice.join('; ')}`}`, {
    status: 400,
    context: { score: result.score, minScore: rules.minScore, warning, suggestions: result.feedback.suggestions },
  });
}
