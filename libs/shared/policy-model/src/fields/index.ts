export * from './measure-fields';
