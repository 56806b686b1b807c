// Preloaded into the measured `backup-tasks` process (node --import): writes its peak RSS, in bytes, to
// the file named by BENCH_RSS_FILE when it exits. Nothing else changes in that process.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
