import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { simulateSliceRows } from '../../src/slices/simulate.js';
import { lastmile } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';
import { writeSimulatedFolder } from './sim-folder.js';

describe('the reports show slices.json when it is in the results folder', () => {
  it('adds a "Worst slices" section to report.html (real chromium) and report.md, and none without it', async () => {
    const rows = simulateSliceRows({
      seed: 'report-slices',
      accents: ['a', 'b', 'c', 'd'],
      speakersPerCell: 8,
      utterancesPerSpeaker: 5,
      planted: { accent: 'b', gender: 'female', extra: 0.25 },
    });
    const dir = await writeSimulatedFolder(await tempDir('report-slices'), rows);
    expect(lastmile(['stats', dir, '--permutations', '200', '--fail-on', 'never']).status).toBe(0);
    expect(lastmile(['slices', dir, '--permutations', '200']).status).toBe(0);
    const r = lastmile(['report', dir]);
    expect(r.stderr).not.toMatch(/internal error/);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('### Worst slices');
    expect(md).toMatch(/\| 1 \| accent=b ∧ gender=female \| 8 \| \+\d+\.\d \|.*\| confirmed \|/);

    const profile = join(dir, 'profile');
    mkdirSync(profile);
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${join(dir, 'report.html')}`, { waitUntil: 'load' });
      const section = page.locator('section#slices');
      expect(await section.locator('h2').textContent()).toBe('Worst slices');
      const first = section.locator('tbody tr').first();
      expect(await first.locator('th').textContent()).toBe('accent=b ∧ gender=female');
      expect(await first.locator('td').last().textContent()).toBe('confirmed');
      expect(await page.locator('nav a[href="#slices"]').count()).toBe(1);
    } finally {
      await browser.close();
    }

    rmSync(join(dir, 'slices.json'));
    lastmile(['report', dir]);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).not.toContain('id="slices"');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).not.toContain('Worst slices');
  });
});
