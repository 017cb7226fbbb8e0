/**
 * The known name a mistyped one most likely meant, for "did you mean" hints: the same name once
 * case, `_`, `-`, `.` and spaces are ignored (`pool_size` for `pool.size`), else the nearest by edit
 * distance when it is close (at most a third of the name's length). Undefined when none is.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const wanted = normalize(name);
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(wanted.length / 3)) + 1;
  for (const candidate of known) {
    // `max_overflow` means `pool.maxOverflow`: a nested name is also compared by its last part.
    const leaf = candidate.slice(candidate.lastIndexOf('.') + 1);
    const distance = Math.min(
      editDistance(wanted, normalize(candidate)),
      editDistance(wanted, normalize(leaf)),
    );
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]/g, '');
}

/** Levenshtein distance: the fewest one-character edits that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
