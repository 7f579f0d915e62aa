/**
 * Clinical content and rules: one import for the main process, the renderer
 * and the CLIs. Everything here is pure and runtime-neutral.
 */
export * from './schema';
export { clinicalContent, CONTENT_VERSION, loadClinicalContent, ClinicalContentError, type ClinicalContent } from './content';
export * from './age';
export * from './findings';
export * from './pain-scales';
export * from './visit-input';
export * from './red-flags';
export * from './gate';
export * from './evaluate';
export * from './stored-gate';
export * from './growth';
export * from './analgesics';
export * from './family-urgency';
export * from './status';
export * from './usable';
export * from './stored-record';
export * from './normal-exam';
