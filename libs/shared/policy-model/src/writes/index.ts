export * from './catalog-nudge';
export * from './measure-commands';
export * from './measure-details';
export * from './measure-input';
export * from './measure-validation';
export * from './measure-write-schema';
export * from './write-access';
