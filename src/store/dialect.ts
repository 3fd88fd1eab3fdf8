/** The two databases Portico runs on: SQLite embedded, PostgreSQL in production. */
export type Dialect = 'sqlite' | 'postgres';
