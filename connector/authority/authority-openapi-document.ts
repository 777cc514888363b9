import document from './authority-openapi.json' with { type: 'json' };

/** The authority's management API document (OpenAPI 3.1). */
export const authorityOpenApiDocument: Readonly<Record<string, unknown>> = document;
