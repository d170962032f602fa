export * from './forbidden-character';
export * from './operation-inputs';
