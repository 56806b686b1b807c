// The real vendor bundles, decorated with code samples exactly as `pnpm docs:build` does it.
import { loadBundles, type VendorBundle } from '../../src/bundles.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { addCodeSamples, type DecoratedSpec } from '../../src/samples/index.ts';

export interface RealVendor {
  bundle: VendorBundle;
  decorated: DecoratedSpec;
}

let cached: Promise<RealVendor[]> | undefined;

/** Fails with the loader's message (naming the missing bundle and `pnpm build`) when the specs are not bundled. */
export function realVendors(): Promise<RealVendor[]> {
  cached ??= loadBundles(REPO_ROOT).then((bundles) =>
    bundles.map((bundle) => ({ bundle, decorated: addCodeSamples(bundle) })),
  );
  return cached;
}
