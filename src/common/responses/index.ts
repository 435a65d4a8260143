// The Responses API layer: turn model → request params → streamed outcome, plus errors and prices.
export * from './requestTypes';
export * from './requestBuilder';
export * from './streamReducer';
export * from './errors';
export * from './responseRunner';
export * from './pricing';
export * from './modelCapabilities';
export * from './parameterFallback';
export * from './modelCatalog';
export * from './contextManagement';
