export * from './error-body';
export * from './parse-errors';
export * from './body-limit';
export * from './keep-alive';
