// Regenerates the table in docs/exit-codes.md from src/cli/exit-codes.ts:
//   npx tsx scripts/update-exit-codes.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { exitCodesMarkdown } from '../src/cli/exit-codes.js';

const file = 'docs/exit-codes.md';
const start = '<!-- exit-codes:start -->\n';
const end = '<!-- exit-codes:end -->';
const doc = readFileSync(file, 'utf8');
const [before, rest] = doc.split(start);
const after = rest.split(end)[1];
writeFileSync(file, `${before}${start}${exitCodesMarkdown()}${end}${after}`);
console.log(`${file}: table updated`);
