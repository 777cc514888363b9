/** Ambient declaration for jsonld 9 (CJS; @types/jsonld describes the 1.x API). Only what Kontor uses. */
declare module 'jsonld' {
  type Loader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown; tag?: string }>;
  interface JsonLd {
    /** The process-global fallback loader that jsonld uses when a call passes none. */
    documentLoader: Loader;
    expand(input: unknown, options?: { documentLoader?: Loader; safe?: boolean; base?: string }): Promise<unknown[]>;
    compact(input: unknown, ctx: unknown, options?: { documentLoader?: Loader; safe?: boolean }): Promise<Record<string, unknown>>;
    canonize(input: unknown, options?: { documentLoader?: Loader; safe?: boolean; algorithm?: string; format?: string }): Promise<string>;
  }
  const jsonld: JsonLd;
  export default jsonld;
}
