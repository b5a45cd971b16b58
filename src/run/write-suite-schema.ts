// Regenerates the committed suite JSON Schema: `npx tsx src/run/write-suite-schema.ts`.
import { writeFile } from 'node:fs/promises';
import { SUITE_SCHEMA_PATH, suiteSchemaText } from './suite.js';

await writeFile(SUITE_SCHEMA_PATH, suiteSchemaText());
process.stdout.write(`wrote ${SUITE_SCHEMA_PATH}\n`);
