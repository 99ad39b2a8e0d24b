// Which entry of a time-ordered list the player is at: the lists beside the stage highlight it as the replay plays.

/** The index of the last item at or before `ms` (items oldest first), or -1 before the first one. */
export function currentIndex(items: readonly { ms: number }[], ms: number): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (items[mid].ms <= ms) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}
