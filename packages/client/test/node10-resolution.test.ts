// A CommonJS consumer with TypeScript's default resolution for `module: commonjs` (node10, which ignores
// "exports"): every subpath must still resolve to its declarations (typesVersions), with real types.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const packages = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let project: string | undefined;
afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe('moduleResolution node10', () => {
  it('resolves every subpath of the client (and the types it imports) with real types', async () => {
    project = await mkdtemp(path.join(tmpdir(), 'backup-specs-node10-'));
    await mkdir(path.join(project, 'node_modules', '@backup-specs'), { recursive: true });
    for (const name of ['client', 'types']) {
      await symlink(path.join(packages, name), path.join(project, 'node_modules', '@backup-specs', name), 'dir');
    }
    const source = [
      "import { createZStackClient, isApiError } from '@backup-specs/client/zstack';",
      "import { createCbrClient } from '@backup-specs/client/huaweicloud-cbr';",
      "import { createVbsClient } from '@backup-specs/client/huaweicloud-vbs';",
      "import { signRequest } from '@backup-specs/client/huaweicloud';",
      "import { ApiError } from '@backup-specs/client';",
      "import type { CbtTask } from '@backup-specs/types/zstack';",
      'export const ok: Array<unknown> = [createZStackClient, isApiError, createCbrClient, createVbsClient, signRequest, ApiError];',
      "export const status: CbtTask['status'] = 'Running';",
      // Must fail to compile: proves the declarations were found (an unresolved module would be any).
      'export const wrong: number = createCbrClient;',
    ].join('\n');
    const file = path.join(project, 'index.ts');
    await writeFile(file, source);
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    });
    const messages = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.start === undefined ? '' : `${d.file?.getLineAndCharacterOfPosition(d.start).line}: `}${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
      );
    expect(messages, messages.join('\n')).toHaveLength(1);
    expect(messages[0]).toMatch(/^8: Type .* is not assignable to type 'number'/);
  });
});
