import { franc } from 'franc-min';
import { iso6393To1 } from 'iso-639-3';

export type DeclaredLanguage = { ok: true; language: string | null } | { ok: false; error: string };

const TAG = /^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$/i;
// franc needs a few sentences to be reliable; its cost grows with the text (about 2 ms for 600
// characters, 6 ms for 1,500 here) and was most of ingest's CPU, so only the start is read.
const DETECT_MAX_CHARS = 600;
const DETECT_MIN_CHARS = 40;

/** A BCP 47 tag or ISO 639-1/639-3 code → ISO 639-1; 'und' (undetermined) → null. */
export function parseLanguageTag(tag: string): DeclaredLanguage {
  const m = TAG.exec(tag.trim());
  if (!m) return { ok: false, error: 'is not a language code (ISO 639-1 such as "en", or a BCP 47 tag)' };
  const primary = m[1]!.toLowerCase();
  if (primary === 'und') return { ok: true, language: null };
  if (primary.length === 2) return { ok: true, language: primary };
  const one = iso6393To1[primary];
  return one ? { ok: true, language: one } : { ok: false, error: `'${primary}' has no ISO 639-1 code` };
}

// English function words that other languages written in Latin script rarely use as words
// ('in', 'a', 'is', 'on' are left out: Dutch, Italian, French, German have them too).
const ENGLISH = new Set(
  (
    'the of and to was were with that for from by has have had been which will would this their his her ' +
    'its said after they who not are he she it be but or at we also than more when there about into over ' +
    'what these other out up new can could our you them him'
  ).split(' '),
);
const WORD = /[a-z]+/g;
// Below this many words a text is too short for franc's trigrams (see shortTextLanguage).
const SHORT_TEXT_WORDS = 20;

/**
 * Most of what ingest sees is English: a text whose opening words are at least 15% such
 * function words is English without asking franc, which costs milliseconds per article and was
 * most of ingest's CPU under load.
 */
function looksEnglish(sample: string): boolean {
  const words = sample.toLowerCase().match(WORD) ?? [];
  if (words.length < SHORT_TEXT_WORDS) return false;
  let hits = 0;
  for (const w of words) if (ENGLISH.has(w)) hits++;
  return hits / words.length >= 0.15;
}

// Frequent short words of the Latin-script languages franc mixes up on a sentence or two. A word
// may be in several lists ('la', 'de'); only a clear lead counts.
const FUNCTION_WORDS: Record<string, Set<string>> = Object.fromEntries(
  Object.entries({
    en: `${[...ENGLISH].join(' ')} in is on a an near against during between while under since before`,
    fr: 'le la les des du une est et a dans pour sur pas que qui au aux avec ce cette sont ont été par selon lors contre mais où il elle ils nous leur',
    it: 'il lo gli della delle degli dei nel nella che è e a in per con una non sono ha hanno stato dal alla contro anche più tra',
    es: 'el los las del una es y a en por con para que se su al lo como más pero sus fue han contra entre',
    pt: 'o os a as da do das dos um uma é e em na no por com para que não se foi são ao à pelo pela contra',
    de: 'der die das und ist nicht mit von zu den dem des ein eine auf für im sich auch bei nach wurde sind hat gegen',
    nl: 'de het een van en in is op te dat met voor zijn niet aan er ook als bij door werd naar tegen',
  }).map(([lang, words]) => [lang, new Set(words.split(' '))]),
);
const LETTERS = /\p{L}+/gu;

/**
 * A sentence or two (fewer than 20 words) carries too few trigrams for franc, which tagged short
 * English news sentences as French or Italian. Such texts are decided by their function words, with
 * English past tenses ('bombed', 'shelled') counted for English; null when no language leads, and
 * undefined when none of these languages' words occur (franc then decides, as for other scripts).
 */
function shortTextLanguage(sample: string): string | null | undefined {
  const words = sample.toLowerCase().match(LETTERS) ?? [];
  const score: Record<string, number> = {};
  for (const w of words) {
    for (const [lang, set] of Object.entries(FUNCTION_WORDS))
      if (set.has(w)) score[lang] = (score[lang] ?? 0) + 1;
    if (w.length >= 5 && w.endsWith('ed')) score.en = (score.en ?? 0) + 1;
  }
  const ranked = Object.entries(score).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first) return undefined;
  return first[1] > (second?.[1] ?? 0) ? first[0] : null;
}

/** franc-min over the text; null when undetermined or the language has no ISO 639-1 code. */
export function detectLanguage(text: string): string | null {
  if (text.length < DETECT_MIN_CHARS) return null;
  const sample = text.slice(0, 400);
  if (looksEnglish(sample)) return 'en';
  if ((sample.match(WORD) ?? []).length < SHORT_TEXT_WORDS) {
    const short = shortTextLanguage(sample);
    if (short !== undefined) return short;
  }
  const code = franc(text.slice(0, DETECT_MAX_CHARS), { minLength: DETECT_MIN_CHARS });
  if (code === 'und') return null;
  return iso6393To1[code] ?? null;
}
