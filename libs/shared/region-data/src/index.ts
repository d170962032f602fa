export * from './region-tsv';
