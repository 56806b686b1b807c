// `pnpm pack:all [--out <dir>]`: every publishable package packed into one folder (default `packed/`),
// as the release workflow would publish them, and the npm command that installs them elsewhere. Until
// the first release reaches npm, this is how the packages are installed outside this repository.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packAll, publishablePackages } from './consumer.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = path.resolve(values.out ?? path.join(repoRoot, 'packed'));
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const tarballs = packAll(publishablePackages(repoRoot), out);
for (const [name, file] of tarballs) console.log(`${name.padEnd(28)} ${path.relative(process.cwd(), file)}`);
console.log(
  `\nInstall them together (they depend on each other), e.g. in another project:\n  npm install ${[...tarballs.values()].map((file) => path.join(out, path.basename(file))).join(' ')}`,
);
