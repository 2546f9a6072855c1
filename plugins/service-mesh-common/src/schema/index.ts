export * from './evaluation';
export * from './policy';
