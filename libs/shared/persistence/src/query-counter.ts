import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * A TypeORM logger that counts the SQL statements a service sends. Tests and benchmarks read
 * it to prove that statements per request do not grow with the number of rows.
 */
export class QueryCounter implements TypeOrmLogger {
  private count = 0;

  constructor(private readonly onError: (message: string, query: string) => void = () => undefined) {}

  get total(): number {
    return this.count;
  }

  logQuery(): void {
    this.count += 1;
  }

  logQueryError(error: string | Error, query: string): void {
    this.onError(typeof error === 'string' ? error : error.message, query);
  }

  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
