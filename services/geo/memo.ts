/**
 * A function of one string remembered for the strings seen last: names and places come back in
 * every article and event. The table is emptied when full (cheap, and the hot names return at once).
 */
export function memoizeString<T>(fn: (s: string) => T, maxEntries: number): (s: string) => T {
  const memo = new Map<string, T>();
  return (s) => {
    let out = memo.get(s);
    if (out === undefined) {
      out = fn(s);
      if (memo.size >= maxEntries) memo.clear();
      memo.set(s, out);
    }
    return out;
  };
}
