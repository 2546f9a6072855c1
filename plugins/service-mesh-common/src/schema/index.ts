export * from './values';
export * from './api';
export * from './evaluation';
export * from './observations';
export * from './policy';
