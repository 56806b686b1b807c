// A listing must end even when the server does not move through it: one that ignores the position it is
// asked for, or alternates between pages (A, B, A, B, ...), would otherwise be read forever. Brent's cycle
// detection over the sequence of pages needs one remembered page, whatever the length of the listing:
// a sequence of pages that repeats with period p after q pages is stopped within q + 2p requests (a page
// that repeats the one before it, on the second).
import { PagingError } from './errors.js';

/** Returns a check to call with the ids of each page, in order; it throws PagingError on a repeat. */
export function pageCycleGuard(label: string): (ids: readonly string[], where: string) => void {
  let checkpoint: string | undefined;
  let checkpointWhere = '';
  let power = 1;
  let steps = 0;
  return (ids, where) => {
    if (ids.length === 0) return;
    const print = ids.join('\n');
    if (print === checkpoint) {
      throw new PagingError(
        `${label}: the page ${where} repeats the page ${checkpointWhere}; the server is not moving through the list`,
      );
    }
    steps += 1;
    if (checkpoint === undefined || steps >= power) {
      checkpoint = print;
      checkpointWhere = where;
      power *= 2;
      steps = 0;
    }
  };
}
