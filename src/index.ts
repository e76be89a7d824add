export * from './install/crds';
