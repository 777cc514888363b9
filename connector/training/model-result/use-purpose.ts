/**
 * Pure: why a model use's `purpose` (an IRI or name the agreements are checked against, and written into every
 * `model.use` audit entry) is refused, or undefined when it is fine: it must be non-empty, without leading or trailing
 * whitespace and without control characters, so what is audited is exactly what was decided on.
 */
export function purposeProblem(purpose: string): string | undefined {
  if (purpose.length === 0) return 'purpose must not be empty';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point of this check
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(purpose)) return 'purpose must not contain control characters or line breaks';
  if (purpose.trim() !== purpose) return 'purpose must not start or end with whitespace';
  return undefined;
}
