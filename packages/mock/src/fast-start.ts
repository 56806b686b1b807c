// Imported first by the bin (and by other commands' own processes, such as backup-tasks, before they load
// the mock: `@backup-specs/mock/fast-start`), never by a library: such a process shares no module cache
// with anyone's code.
// Prism imports @faker-js/faker eagerly (for dynamic bodies), and the package's main entry loads all its 60
// locales, about 0.7 s of the bin's start-up. Prism only ever uses the English one, so the English-only build
// of the same faker release is placed where Prism's `require('@faker-js/faker')` will find it. Any surprise
// (another layout, another version) leaves everything as it was. test/server/cli.test.ts checks that the
// bin's dynamic bodies are the in-process mock's, byte for byte.
import { createRequire, Module } from 'node:module';
import path from 'node:path';

try {
  const require = createRequire(import.meta.url);
  const prism = path.dirname(require.resolve('@stoplight/prism-http/package.json'));
  const full = require.resolve('@faker-js/faker', { paths: [prism] });
  const version = (require(path.join(full, '..', '..', '..', 'package.json')) as { version?: string }).version;
  if (version?.startsWith('6.') && !require.cache[full]) {
    const english = require(require.resolve('@faker-js/faker/locale/en', { paths: [prism] })) as object;
    const standIn = new Module(full);
    standIn.filename = full;
    standIn.loaded = true;
    standIn.exports = { default: english, faker: english };
    require.cache[full] = standIn;
  }
} catch {
  // Nothing to speed up: Prism loads faker itself.
}
