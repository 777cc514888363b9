import document from './openapi.json' with { type: 'json' };

/** The management API's OpenAPI 3.1 document: the source of the request schemas. */
export const openApiDocument: Readonly<Record<string, unknown>> = document;
