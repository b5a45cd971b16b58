import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { tempDir } from '../helpers/corpus.js';
import { testRun } from './make-run.js';

// Debian's chromium, as setup.sh installs it; flags keep it off every network and update path.
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('report.html in a real headless chromium (Debian package, driven by playwright-core)', () => {
  let dir: string;
  let html: string;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    dir = await tempDir('html');
    const run = testRun(join(dir, 'run'), { extra: 0.3, outputs: ['summary.json', 'report.html'] });
    expect(run.status, run.stderr).toBe(EXIT.gateFailed);
    html = join(dir, 'run', 'report.html');
    const profile = join(dir, 'profile');
    mkdirSync(profile);
    // A fresh profile folder: playwright passes it to chromium as --user-data-dir.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1200, height: 900 },
    });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${html}`, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens with no console error and no request but the file itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests.filter((u) => u !== `file://${html}`)).toEqual([]);
    // Self-contained: no external reference the CSP would have to block.
    expect(readFileSync(html, 'utf8')).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('shows the synthetic-corpus warning and the disproportionate group in the headline', async () => {
    expect(await page.locator('.banner.synthetic').textContent()).toContain('not accents');
    expect(await page.locator('#found').textContent()).toContain(
      'synthetic/th-stopping loses disproportionately',
    );
  });

  it('has every chart as a non-empty SVG with marks', async () => {
    const charts = await page.$$eval('figure', (figs) =>
      figs.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          id: f.id,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          marks: svg?.querySelectorAll('path, rect, line, text').length ?? 0,
        };
      }),
    );
    const ids = charts.map((c) => c.id);
    expect(ids.some((i) => i.startsWith('heatmap-'))).toBe(true);
    expect(ids.some((i) => i.startsWith('forest-'))).toBe(true);
    expect(ids.some((i) => i.startsWith('sweep-'))).toBe(true);
    expect(ids).toContain('clean-wer');
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(100);
      expect(c.height, c.id).toBeGreaterThan(80);
      expect(c.marks, c.id).toBeGreaterThan(20);
    }
    // The heatmap labels one cell per group × perturbed condition (4 × 3), and marks the
    // planted group's cells ▲ (disproportionate).
    const labels = await page.$$eval('figure[id^="heatmap-"] svg .role-mark text', (ts) =>
      ts.map((t) => t.textContent ?? ''),
    );
    expect(labels).toHaveLength(12);
    expect(labels.filter((t) => t.startsWith('▲')).length).toBeGreaterThanOrEqual(2);
  });

  it('shows which errors grow: the planted dropped words as disproportionate deletions, not insertions', async () => {
    const text = (await page.locator('#anatomy').textContent()) ?? '';
    expect(text).toMatch(/synthetic\/th-stopping: deletions under/);
    expect(text).not.toMatch(/: insertions under/);
    const columns = await page.$$eval('#anatomy table.anatomy thead th', (ths) =>
      ths.map((t) => t.textContent ?? ''),
    );
    expect(columns.join(' ')).toMatch(/substitutions.*deletions.*insertions/);
  });

  it('plays embedded audio: an <audio> element loads its clip and reports its duration', async () => {
    const count = await page.locator('audio').count();
    expect(count).toBeGreaterThanOrEqual(2);
    const duration = await page.$eval('audio', (a) => {
      const audio = a as HTMLAudioElement;
      return new Promise<number>((resolve, reject) => {
        if (audio.readyState >= 1 && Number.isFinite(audio.duration))
          return resolve(audio.duration);
        audio.addEventListener('loadedmetadata', () => resolve(audio.duration));
        audio.addEventListener('error', () =>
          reject(new Error(`audio error ${audio.error?.code}`)),
        );
        audio.load();
      });
    });
    // The bundled clips last 2.2–3.6 s; MP3 framing may add a few tens of milliseconds.
    expect(duration).toBeGreaterThan(2);
    expect(duration).toBeLessThan(4);
  });

  it('marks substitutions, deletions and insertions in the examples', async () => {
    const diffs = await page.locator('.example .diff').count();
    expect(diffs).toBeGreaterThan(0);
    expect(await page.locator('.example .w.del, .example .w.sub').count()).toBeGreaterThan(0);
  });

  it('prints to PDF, and screenshots are kept for a person to look at', async () => {
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    const shots = join(dir, 'screenshots');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'report.png'), fullPage: true });
    writeFileSync(join(shots, 'report.pdf'), pdf);
    expect(statSync(join(shots, 'report.png')).size).toBeGreaterThan(50_000);
    process.stderr.write(`report.html ${statSync(html).size} bytes; screenshots in ${shots}\n`);
  });
});
