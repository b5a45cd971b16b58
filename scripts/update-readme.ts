// Regenerates the README's table of perturbation kinds from their declarations:
//   npx tsx scripts/update-readme.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { perturbations } from '../perturbations/index.js';
import { markdownTable } from '../src/cli/commands/list.js';

const start = '<!-- kinds-table:start -->\n';
const end = '<!-- kinds-table:end -->';
const readme = readFileSync('README.md', 'utf8');
const [before, rest] = readme.split(start);
const after = rest.split(end)[1];
writeFileSync('README.md', `${before}${start}${markdownTable(perturbations)}${end}${after}`);
console.log('README.md: kinds table updated');
