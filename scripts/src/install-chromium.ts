// Makes sure Debian's Chromium is there for the docs browser tests (playwright-core drives it; we never
// download a browser build). Installs the `chromium` package with apt-get when missing and allowed (root,
// or password-less sudo); otherwise says exactly what to run. Never fails the setup: only the browser
// tests need Chromium, and they fail with the same instructions if it is still missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const binary = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const install = 'apt-get update && apt-get install -y --no-install-recommends chromium';

function run(prefix: string[]): boolean {
  const shell = spawnSync([...prefix, 'sh', '-c', `DEBIAN_FRONTEND=noninteractive ${install}`].join(' '), {
    shell: true,
    stdio: 'inherit',
  });
  return shell.status === 0;
}

if (existsSync(binary)) {
  console.log(`Chromium for the browser tests: ${binary}`);
} else if (process.platform !== 'linux' || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
  console.warn(`Chromium not found at ${binary} and no apt-get here: install Chromium and set CHROMIUM_PATH.`);
} else {
  const isRoot = process.getuid?.() === 0;
  const canSudo = !isRoot && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (!isRoot && !canSudo) {
    console.warn(`Chromium not found at ${binary}. Run as root: ${install}`);
  } else {
    console.log(`Installing Debian's chromium for the browser tests (${install})...`);
    const ok = run(isRoot ? [] : ['sudo', '-n']);
    if (!ok || !existsSync(binary)) console.warn(`Installing chromium failed; run as root: ${install}`);
    else console.log(`Chromium for the browser tests: ${binary}`);
  }
}
