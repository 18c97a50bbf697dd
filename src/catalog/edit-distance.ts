/**
 * Optimal-string-alignment distance: Levenshtein plus adjacent transpositions, because swapped
 * letters (`gni5` for `gn5i`) are the most common typo in short family names.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/**
 * Candidates close enough to `word` to be a plausible typo, best first (ties keep candidate order).
 * The allowed distance grows with length so short words only match near-identical candidates;
 * among equally distant candidates a longer shared prefix wins (`gn6` -> `gn6i` before `gn5`).
 */
export function closestWords(word: string, candidates: readonly string[], limit = 3): string[] {
  const needle = word.toLowerCase();
  const allowed = Math.max(1, Math.floor(needle.length / 3));
  return candidates
    .map((candidate, index) => {
      const lower = candidate.toLowerCase();
      return { candidate, index, distance: editDistance(needle, lower), prefix: commonPrefix(needle, lower) };
    })
    .filter((entry) => entry.distance <= allowed && entry.distance < Math.max(needle.length, entry.candidate.length))
    .sort((x, y) => x.distance - y.distance || y.prefix - x.prefix || x.index - y.index)
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}
