// Regenerates the README's tables of perturbation kinds and engines from their declarations:
//   npx tsx scripts/update-readme.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { perturbations } from '../perturbations/index.js';
import { markdownTable } from '../src/cli/commands/list.js';
import { engineMarkdown } from '../src/engines/describe.js';

function replaceBetween(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->\n`;
  const end = `<!-- ${name}:end -->`;
  const [before, rest] = text.split(start);
  const after = rest.split(end)[1];
  return `${before}${start}${content}${end}${after}`;
}

let readme = readFileSync('README.md', 'utf8');
readme = replaceBetween(readme, 'kinds-table', markdownTable(perturbations));
readme = replaceBetween(readme, 'engines-table', engineMarkdown());
writeFileSync('README.md', readme);
console.log('README.md: kinds and engines tables updated');
