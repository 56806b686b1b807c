// The published packages as a consumer gets them: every publishable workspace package packed (`pnpm pack`
// turns workspace:* into versions), the tarballs installed with npm into a project outside the workspace.
// Used by test/consumer-install.test.ts and timed by pnpm bench.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface WorkspacePackage {
  name: string;
  path: string;
  private?: boolean;
}

const run = (command: string, args: string[], cwd: string): string => {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    throw new Error(
      `\`${command} ${args.join(' ')}\` exited ${e.status} in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
    );
  }
};

/** Every workspace package not marked private (pnpm's structured listing). */
export function publishablePackages(repoRoot: string): WorkspacePackage[] {
  const listed = JSON.parse(run('pnpm', ['ls', '-r', '--json', '--depth', '-1'], repoRoot)) as WorkspacePackage[];
  return listed.filter((pkg) => !pkg.private);
}

/** Packs each package into `dir`; returns package name -> tarball path. */
export function packAll(packages: WorkspacePackage[], dir: string): Map<string, string> {
  const tarballs = new Map<string, string>();
  for (const pkg of packages) {
    // pnpm prints the prepack script's banner before its JSON report.
    const report = run('pnpm', ['pack', '--json', '--pack-destination', dir], pkg.path);
    const packed = JSON.parse(report.slice(report.indexOf('\n{') + 1)) as { filename: string };
    tarballs.set(pkg.name, packed.filename);
  }
  return tarballs;
}

/**
 * A fresh npm project at `project` with the tarballs installed, beside Node's types and vitest (the mock's
 * optional peer), at this repository's versions, as a Node project testing with vitest has them.
 */
export async function installTarballs(repoRoot: string, project: string, tarballs: Iterable<string>): Promise<void> {
  await mkdir(project, { recursive: true });
  await writeFile(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'a-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2),
  );
  const root = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      '--prefer-offline',
      `@types/node@${root.devDependencies['@types/node']}`,
      `vitest@${root.devDependencies.vitest}`,
      ...tarballs,
    ],
    project,
  );
}
