export { authorityOpenApiDocument } from './authority-openapi-document.js';
export { AuthorityService } from './authority-service.js';
export { authoritySigner } from './authority-signer.js';
export type { AuthorityStore, IssuancePlan, IssuedCredentialRecord, StatusSlot } from './authority-store.js';
export { directoryRouter } from './directory-router.js';
export { issuanceRouter } from './issuance-router.js';
export { nextStatusList, type StatusListRow } from './next-status-list.js';
export type { Participant } from './participant.js';
export { participantsRoutes } from './participants-routes.js';
