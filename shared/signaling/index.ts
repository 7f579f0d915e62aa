export * from './limits';
export * from './media';
export * from './intake';
export * from './family';
export * from './clinician';
export * from './movement';
