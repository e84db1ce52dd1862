// How much of a page of comments is explained (the classifier's words that weighed most) in
// one request. Working the words out reads the whole text again: about 0.4 ms of CPU per 1,000
// characters of the worst shapes, so a page of a hundred 64 KB comments would hold the server's
// thread for seconds. A page explains its comments in order until it has read this many
// characters; the ones left over are explained one at a time when a moderator asks. A page of
// ordinary comments (a few hundred characters each) is explained whole.
export const EXPLAINED_PER_PAGE = 64_000;

/** Which rows of a page get their words now (the first always does, whatever its length). */
export function explainedNow(lengths: readonly number[], budget = EXPLAINED_PER_PAGE): boolean[] {
  let read = 0;
  return lengths.map((n, i) => {
    const now = i === 0 || read + n <= budget;
    if (now) read += n;
    return now;
  });
}
