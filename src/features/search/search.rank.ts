// Trigram scores mistake "промтрог" for "Промтрейд" as readily as for "Промторг": a transposed
// pair breaks four trigrams. Edit distance per word tells them apart, so the service re-ranks
// the bounded candidates by both.

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] as number) + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n] as number;
}

function wordScore(q: string, w: string): number {
  // A query word shorter than the name's word is read as its beginning ("промт" -> "промторг").
  const target = w.length > q.length + 1 ? w.slice(0, q.length) : w;
  const truncated = target !== w ? 0.9 : 1;
  return truncated * (1 - editDistance(q, target) / Math.max(q.length, target.length));
}

/** 0..1: each query word against its best word of the name, in any order; fewer extra words is better. */
export function typoScore(query: string, text: string): number {
  const qWords = query.split(' ').filter(Boolean);
  const tWords = text.split(' ').filter(Boolean);
  if (qWords.length === 0 || tWords.length === 0) return 0;
  // Names often glue words ("промторгснаб"), so the whole name also counts as one word.
  const candidates = tWords.length > 1 ? [...tWords, tWords.join('')] : tWords;
  const perWord = qWords.map((q) => Math.max(...candidates.map((w) => wordScore(q, w))));
  const mean = perWord.reduce((a, b) => a + b, 0) / perWord.length;
  return mean * (0.9 + (0.1 * Math.min(qWords.length, tWords.length)) / tWords.length);
}

/** How many distinct trigrams pg_trgm makes of a folded text (each word padded as "  word "). */
export function trigramCount(text: string): number {
  const set = new Set<string>();
  for (const w of text.split(' ')) {
    if (!w) continue;
    const padded = `  ${w} `;
    for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
  }
  return set.size;
}

/**
 * The word-similarity threshold that still admits one typo in the text. word_similarity is shared
 * trigrams over all trigrams of the text and the matched words together; a swapped pair breaks four
 * of the text's n trigrams and brings four others (a replaced or doubled letter three, a dropped one
 * two or three), so one typo scores at least (n - 4) / (n + 4). A long text can ask for that much, and
 * the trigram index then hands back fewer candidates to recheck. Never below `floor`; rounded down.
 */
export function oneTypoThreshold(text: string, floor: number): number {
  const n = trigramCount(text);
  return Math.max(floor, Math.floor((1000 * (n - 4)) / (n + 4)) / 1000);
}
