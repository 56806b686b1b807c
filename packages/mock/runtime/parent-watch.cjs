// Preloaded into every Prism child (node --require): the parent holds the write end of our stdin, so
// when the parent dies without stopping us (SIGKILL, a crashed test worker) stdin ends and we exit
// instead of lingering on the port.
const quit = () => process.exit(0);
process.stdin.on('end', quit);
process.stdin.on('close', quit);
process.stdin.on('error', quit);
process.stdin.resume();
