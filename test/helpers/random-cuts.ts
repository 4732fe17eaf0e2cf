// A body cut into reads of random sizes, half of them tiny (splitting lines, escapes and UTF-8
// sequences) and half large (many events per read), as a socket may deliver it.
export function randomCuts<T extends string | Buffer>(body: T, next: () => number, small = 40, large = 3000): T[] {
  const reads: T[] = [];
  for (let at = 0; at < body.length; ) {
    const n = Math.min(body.length - at, 1 + Math.floor(next() * (next() < 0.5 ? small : large)));
    reads.push((typeof body === 'string' ? body.slice(at, at + n) : body.subarray(at, at + n)) as T);
    at += n;
  }
  return reads;
}
