export * from './auth-info';
export * from './scopes';
export * from './config';
export * from './dev-keys';
export * from './verify';
export * from './claims';
export * from './sign';
