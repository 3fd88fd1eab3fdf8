/** The columns of a users CSV file, in the order the export writes them (GET /users/export.csv, POST /users/import). */
export const CSV_COLUMNS = ['username', 'displayName', 'mobile', 'email', 'employeeNumber', 'externalId', 'status', 'department'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
