import { writeFileSync } from 'node:fs';
import { badInputMarkdown } from '../test/bad-input/table.js';

// Regenerates docs/bad-input.md from the table the bad-input test runs.
writeFileSync('docs/bad-input.md', badInputMarkdown());
