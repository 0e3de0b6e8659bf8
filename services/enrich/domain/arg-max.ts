/**
 * The first item with the highest score above `floor` (ties keep the earlier item), or null
 * when no score is above it.
 */
export function argMax<T>(items: Iterable<T>, score: (item: T) => number, floor: number): T | null {
  let out: T | null = null;
  let outScore = floor;
  for (const item of items) {
    const s = score(item);
    if (s > outScore) {
      out = item;
      outScore = s;
    }
  }
  return out;
}
