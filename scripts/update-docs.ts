// Regenerates the user guide's tables of perturbation kinds and engines from their declarations,
// and its copy of the CI workflow template:
//   npx tsx scripts/update-docs.ts
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

function update(file: string, name: string, content: string): void {
  writeFileSync(file, replaceBetween(readFileSync(file, 'utf8'), name, content));
  console.log(`${file}: ${name} updated`);
}

update('docs/writing-scenarios.md', 'kinds-table', markdownTable(perturbations));
update('docs/your-corpus-and-engine.md', 'engines-table', engineMarkdown());
update(
  'docs/nightly-suites.md',
  'workflow',
  `\`\`\`yaml\n${readFileSync('templates/init/.github/workflows/lastmile.yml', 'utf8')}\`\`\`\n`,
);
