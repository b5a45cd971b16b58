import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server';
import { perturbations } from '../../perturbations/index.js';

/**
 * What an editor does with a scenario file, measured with the engine of the editors
 * themselves: Red Hat's yaml-language-server (VS Code's YAML extension, Neovim's yamlls, …),
 * reading the committed scenarios/scenario.schema.json through the file's modeline — as
 * docs/writing-scenarios.md promises: completion of kinds and parameters in block and flow
 * mappings, ranges and units flagged while typing, unit/range/default on hover.
 */
const SCHEMA = pathToFileURL(resolve('scenarios/scenario.schema.json')).href;
const service = getLanguageService({
  schemaRequestService: async (uri) => readFileSync(new URL(uri), 'utf8'),
  workspaceContext: { resolveRelativePath: (path, base) => new URL(path, base).href },
});
service.configure({ validate: true, completion: true, hover: true });

let documents = 0;
/** A scenario whose last condition's chain ends with `step`; `|` marks the cursor. */
function scenario(step: string): { doc: TextDocument; at: { line: number; character: number } } {
  const text = `# yaml-language-server: $schema=${SCHEMA}\nname: edited\nconditions:\n  - name: a\n    chain:\n${step}\n`;
  const before = text.slice(0, text.indexOf('|')).split('\n');
  // The service caches parsed documents by URI and version: every document gets its own URI.
  documents += 1;
  const doc = TextDocument.create(
    `file:///editor-test/${documents}.yaml`,
    'yaml',
    1,
    text.replace('|', ''),
  );
  return { doc, at: { line: before.length - 1, character: before.at(-1)!.length } };
}

async function completions(step: string): Promise<string[]> {
  const { doc, at } = scenario(step);
  return (await service.doComplete(doc, at, false)).items.map((i) => i.label);
}

async function problems(step: string): Promise<string[]> {
  const { doc } = scenario(step.replace('|', ''));
  return (await service.doValidation(doc, false)).map(
    (d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`,
  );
}

describe('scenario files in an editor (yaml-language-server with the committed schema)', () => {
  it('completes every perturbation kind at a new chain step', async () => {
    const labels = await completions('      - |');
    for (const p of perturbations) expect(labels).toContain(p.name);
  });

  it('completes a kind’s parameters in a block mapping and inside a { … } flow mapping', async () => {
    expect(await completions('      - noise:\n          |')).toEqual(
      expect.arrayContaining(['color', 'snr', 'reference', 'level']),
    );
    // In a flow mapping the language server completes from the first letter typed, and leaves
    // out the keys already there.
    const flow = await completions('      - hum: { fundamental: 50Hz, h| }');
    expect(flow).toEqual(expect.arrayContaining(['harmonics', 'rolloff', 'level']));
    expect(flow).not.toContain('fundamental');
  });

  it('flags a value outside the parameter’s range and a unit it does not take, while typing', async () => {
    expect(await problems('      - noise: { snr: 500 }')).toEqual([
      expect.stringMatching(/^5:22 .*maximum of 80/),
    ]);
    expect(await problems('      - noise: { snr: 15Hz }')).toEqual([
      expect.stringMatching(/^5:22 /),
    ]);
    expect(await problems('      - noise: { snr: 15dB }')).toEqual([]);
    expect(await problems('      - hum: { fundamental: 3.4kHz, level: -30dBFS }')).toEqual([]);
    expect(await problems('      - noise: { colr: pink }')).toEqual([
      expect.stringMatching(/^5:17 .*colr/),
    ]);
  });

  it('shows the unit, range and default on hover', async () => {
    const { doc } = scenario('      - babble: { talkers: 6 }');
    const hover = await service.doHover(doc, { line: 5, character: 20 });
    const text = JSON.stringify(hover?.contents);
    expect(text).toMatch(/talkers/i);
    expect(text).toMatch(/1…32/);
    expect(text).toMatch(/default 6/);
  });
});
