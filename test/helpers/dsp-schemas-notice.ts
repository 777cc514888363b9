import { DSP_SCHEMAS_SKIP_REASON } from './dsp-schema-location.js';

/**
 * vitest global set-up: when the DSP schema suites are skipped, says why once at the end of the run, so the reason
 * is seen in the default output too and not only in the skipped suites' titles (verbose and JSON reports).
 */
export default function dspSchemasNotice(): () => void {
  return () => {
    if (DSP_SCHEMAS_SKIP_REASON) console.warn(`\nDSP schema suites skipped: ${DSP_SCHEMAS_SKIP_REASON}\n`);
  };
}
