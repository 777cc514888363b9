/** The catalog pieces the protocol layer uses, in one place. */
export { DSP_CONTEXT, dataService, pullFormat, toDcatCatalog, toDcatDataset, DefinitionIndex } from '../../catalog/index.js';
export type { DcatCatalog, DcatDataset, RootDataset, DcatPublisher, OfferSource } from '../../catalog/index.js';
