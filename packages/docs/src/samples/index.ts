// Adds `x-codeSamples` (Redoc's code-sample extension) to every operation at docs build time, so the samples
// are generated from the same bundle Redoc renders and never hand-copied into the path files.
import type { VendorBundle } from '../bundles.ts';
import { DocsBuildError } from '../bundles.ts';
import type { CodeSample, HttpMethod, OpenApiDocument } from '../openapi.ts';
import { withAuthenticationSection } from './authentication.ts';
import { curlSamples } from './curl.ts';
import { profileFor } from './profiles.ts';
import { typescriptSample } from './typescript.ts';

export interface OperationSamples {
  operationId: string;
  method: HttpMethod;
  path: string;
  samples: CodeSample[];
}

export interface DecoratedSpec {
  /** The bundled document with `x-codeSamples` on every operation (a copy; the bundle is not modified). */
  doc: OpenApiDocument;
  operations: OperationSamples[];
}

export function addCodeSamples(bundle: VendorBundle): DecoratedSpec {
  const profile = profileFor(bundle.api);
  const server = bundle.deref.servers?.[0];
  if (!server) {
    throw new DocsBuildError(
      `${bundle.api.alias}: the spec declares no "servers"; code samples need the vendor's base URL.`,
    );
  }
  const doc = structuredClone(bundle.doc);
  doc.info.description = withAuthenticationSection(doc.info.description, profile.auth);
  const operations: OperationSamples[] = [];
  for (const op of bundle.operations) {
    const target = doc.paths?.[op.path]?.[op.method];
    if (!target)
      throw new DocsBuildError(
        `${bundle.api.alias}: ${op.method} ${op.path} is in openapi.deref.json but not in openapi.json.`,
      );
    if (target['x-codeSamples'] || target['x-code-samples']) {
      throw new DocsBuildError(
        `${bundle.api.alias}: ${op.operationId} already has x-codeSamples in the spec. The docs build generates them; remove the hand-written ones.`,
      );
    }
    let samples: CodeSample[];
    try {
      samples = [
        ...curlSamples(op, { server, security: bundle.deref.security, profile }),
        typescriptSample(op, { server, security: bundle.deref.security, profile }),
      ];
    } catch (error) {
      throw new DocsBuildError(`${bundle.api.alias}: ${op.operationId}: ${(error as Error).message}`);
    }
    target['x-codeSamples'] = samples;
    operations.push({ operationId: op.operationId, method: op.method, path: op.path, samples });
  }
  return { doc, operations };
}
