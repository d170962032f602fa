export * from './compose-supergraph';
