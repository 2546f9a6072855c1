export * from './values';
export * from './api';
export * from './evaluation';
export * from './policy';
