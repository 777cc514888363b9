/** Decimal notation as XML Schema writes it: an optional sign, digits, an optional fraction (no hex, no spaces). */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** xsd:double / xsd:float also take an exponent. */
const DOUBLE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/**
 * The number a literal writes in the lexical form of its kind, or undefined: JavaScript's `Number` would also read
 * "0x10" as 16, "1e3" as 1000 and " 5 " as 5, so a bound written so would be silently reinterpreted.
 */
export function parseNumeric(text: string, kind: 'integer' | 'decimal' | 'double'): number | undefined {
  const form = kind === 'integer' ? INTEGER : kind === 'decimal' ? DECIMAL : DOUBLE;
  if (!form.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
