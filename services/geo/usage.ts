// How a place name is used in its sentence, for choosing where an event happened: after a locative
// preposition ('in northern Syria', 'near Homs') it is a location; in the possessive ('US’
// concern', 'Russia's campaign') it stands for the state as an actor, like a demonym does.
// 'on' and 'over' are left out: 'talks on Syria', 'concern over Ukraine' name a topic.

const LOCATIVE = new Set([
  'in',
  'near',
  'at',
  'across',
  'outside',
  'inside',
  'around',
  'throughout',
  'within',
  'into',
]);
/** Words that may sit between the preposition and the name: 'in the eastern …'. */
const FILLERS = new Set(['the', 'a', 'an']);

/** The place at [start, end) of `text` follows a locative preposition ('in', 'near', 'at' ...). */
export function isLocativeUse(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 40), start).toLowerCase();
  const words = before.match(/[\p{L}]+/gu) ?? [];
  for (let i = words.length - 1; i >= 0 && i >= words.length - 3; i--) {
    const w = words[i]!;
    if (LOCATIVE.has(w)) return true;
    if (!FILLERS.has(w)) return false;
  }
  return false;
}

/** The place at [start, end) of `text` is in the possessive: 'Russia's', 'US’ ', 'Kyiv’s'. */
export function isPossessiveUse(text: string, end: number): boolean {
  return /^['’](?:s\b|\s)/u.test(text.slice(end, end + 3));
}
