export * from './measure-changed';
export * from './measure-changed-codec';
