// Preloaded into the bin (`node --expose-gc --import`): the garbage collector runs every few
// milliseconds, as it does in a long, busy run, so a timeout that hangs on a weakly held link shows.
setInterval(() => globalThis.gc(), 5).unref();
