/**
 * The catalog pieces the protocol layer uses. They are imported here, in one place, because catalog/index.ts does
 * not export catalog/offer and catalog/dcat yet; once it does, these deep imports become `../../catalog/index.js`.
 */
export { DSP_CONTEXT } from '../../catalog/dcat/dcat-types.js';
export type { DcatCatalog, DcatDataService, DcatDataset, RootDataset } from '../../catalog/dcat/dcat-types.js';
export { dataService, pullFormat, toDcatCatalog, toDcatDataset } from '../../catalog/dcat/to-dcat.js';
export type { DcatPublisher, OfferSource } from '../../catalog/dcat/to-dcat.js';
export { DefinitionIndex } from '../../catalog/offer/definition-index.js';
