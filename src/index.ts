export * from './install/crds';
export * from './install/cert-manager';
export * from './install/disruption-budget';
export * from './install/options';
export * from './monitoring/alerts';
