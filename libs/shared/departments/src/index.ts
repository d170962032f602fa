export * from './departments';
