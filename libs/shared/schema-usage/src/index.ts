export * from './coordinates';
export * from './usage-report';
