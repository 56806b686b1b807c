// Default locations, relative to this package, so every entry point agrees on them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(PACKAGE_DIR, '..', '..');
export const DIST_DIR = path.join(PACKAGE_DIR, 'dist');
export const SCREENSHOTS_DIR = path.join(PACKAGE_DIR, 'screenshots');
