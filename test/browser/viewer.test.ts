/**
 * The HTML viewer in a real browser: Debian's headless Chromium driven by playwright-core.
 * Asserts that lanes, slanted arrows, faults and the violating step are drawn, that selecting a
 * step fills the panel with every node's view, that a 1,000-step trace loads and responds, that
 * every page logged no error and fetched nothing from the network, and that the Mermaid output
 * renders with Mermaid itself. Screenshots go to test-output/ (gitignored).
 *
 * Chromium missing is a failure with instructions, never a skip (CI installs it in .ci/run).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTrace, type Trace } from '../../engine/trace.js';
import { buildTimeline, renderHtml, renderMermaid } from '../../viewer/index.js';
import { toyLong } from '../../viewer/fixtures/scenarios.js';
import { HANDMADE } from '../../viewer/fixtures/handmade.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const root = join(import.meta.dirname, '../..');
const out = join(root, 'test-output');
const MERMAID_JS = join(root, 'node_modules/mermaid/dist/mermaid.min.js');

let context: BrowserContext;
/** Why the browser could not start; every test then fails with it (a failure, never a skip). */
let unavailable: Error | null = null;
/** Requests to anything but file: and data: URLs (there must be none). */
const fetched: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    unavailable = new Error(`browser test: no Chromium at ${CHROMIUM}. Install Debian's package: apt-get update && apt-get install -y chromium `
      + `(.ci/run does this when it is missing)${process.env.CI === 'true' ? '. CI=true: this is a failure, not a skip.' : '.'}`);
    return;
  }
  mkdirSync(out, { recursive: true });
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'distcheck-chromium-')), {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 820 },
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    fetched.push(url);
    return route.abort();
  });
});

afterAll(async () => {
  await context?.close();
});

function browser(): BrowserContext {
  if (unavailable) throw unavailable;
  return context;
}

/** Open a rendered trace; `errors` collects console errors and uncaught exceptions. */
async function open(trace: Trace, name: string): Promise<{ page: Page; errors: string[] }> {
  const file = join(out, `${name}.html`);
  writeFileSync(file, renderHtml(trace));
  const page = await browser().newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-selected]');
  return { page, errors };
}

/** Every trace under traces/ (as other helpers add them), the stored fixtures, the hand-made ones. */
function allTraces(): Trace[] {
  const files = [join(root, 'traces'), join(root, 'viewer/fixtures')].filter(existsSync)
    .flatMap((d) => (readdirSync(d, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort().map((f) => join(d, f)));
  return [...files.map(readTrace), ...Object.values(HANDMADE).map((make) => make())];
}

const selected = (page: Page) => page.locator('body').getAttribute('data-selected');

describe('HTML viewer in Chromium', () => {
  it('draws lanes, slanted arrows, faults and the highlighted violation; selecting a step shows every view', async () => {
    const trace = readTrace(join(root, 'viewer/fixtures/twophase-faults.json'));
    const t = buildTimeline(trace);
    const { page, errors } = await open(trace, 'viewer-twophase-faults');

    expect(await page.locator('#diagram .lane').count()).toBe(4);
    expect(await page.locator('#heads .lanehead').allTextContents()).toEqual(['tm', 'rm1rm', 'rm2rm', 'rm3rm']);
    expect(await page.locator('.arc.delivered').count()).toBe(t.arcs.filter((a) => a.fate === 'delivered').length);
    expect(await page.locator('.arc.dropped .x').count()).toBe(1);
    expect(await page.locator('.arc.copy .dup').count()).toBe(1);
    expect(await page.locator('.arc.pending').count()).toBe(1);
    expect(await page.locator('.ev.crash').count()).toBe(1);
    expect(await page.locator('.ev.restart').count()).toBe(1);
    expect(await page.locator('.crashed').count()).toBe(1);
    expect(await page.locator('.band').count()).toBe(2); // rm2 and rm3 partitioned away

    // Arrows are drawn and slant downward from send to receipt.
    const boxes = await page.locator('.arc.delivered > path:first-of-type').evaluateAll((paths) =>
      paths.map((p) => (p as SVGGraphicsElement).getBBox()).map((b) => ({ w: b.width, h: b.height })));
    expect(boxes.length).toBe(5);
    for (const b of boxes) expect(b.w > 10 && b.h > 10).toBe(true);

    // The violating step: highlighted row, banner and panel, blamed lanes.
    expect(await selected(page)).toBe('16');
    const bad = page.locator('.row.violation');
    expect(await bad.getAttribute('data-step')).toBe('16');
    expect(await bad.evaluate((el) => getComputedStyle(el).fill)).toBe('rgb(251, 213, 213)');
    expect(await page.locator('#verdict').textContent()).toContain('rm1 committed while rm2 aborted');
    expect(await page.locator('#details .problem').textContent()).toContain('TCConsistent: rm1 committed while rm2 aborted');
    expect(await page.locator('.lanehead.blamed b').allTextContents()).toEqual(['rm1', 'rm2']);

    // Select step 4 by clicking its row: the panel shows the receipt and all four views.
    await page.locator('.row[data-step="4"]').click({ position: { x: 120, y: 10 } });
    expect(await selected(page)).toBe('4');
    expect(await page.locator('#details h2').textContent()).toBe('Prepared rm1 → tm');
    expect(await page.locator('#details .node').count()).toBe(4);
    expect(await page.locator('#details .node.acting').getAttribute('data-node')).toBe('tm');
    expect(await page.locator('#details .node.acting tr.changed').textContent()).toMatch(/^prepared.*rm1/);
    expect(await page.locator('.arc.hot').count()).toBe(1);
    await page.keyboard.press('ArrowDown');
    expect(await selected(page)).toBe('5');
    expect(await page.locator('#details .did').textContent()).toContain('a copy made at step 3');

    await page.keyboard.press('v');
    expect(await selected(page)).toBe('16');
    await page.mouse.move(1200, 800); // no hover highlight in the picture
    await page.screenshot({ path: join(out, 'viewer-twophase-faults.png') });
    expect(errors).toEqual([]);
    expect(fetched).toEqual([]);
    await page.close();
  });

  it('a 1,000-step trace loads, scrolls under sticky lane headers, and answers step selection', async () => {
    const trace = toyLong(1000);
    const { page, errors } = await open(trace, 'viewer-long');
    expect(await selected(page)).toBe('1000');
    expect(await page.locator('.row').count()).toBe(1001);
    expect(await page.locator('#diagram .lane').count()).toBe(5);
    expect(await page.locator('.arc').count()).toBeGreaterThan(500);

    const scroll = page.locator('#scroll');
    const dims = await scroll.evaluate((el) => ({ scrollHeight: el.scrollHeight, clientHeight: el.clientHeight, scrollTop: el.scrollTop }));
    expect(dims.scrollHeight).toBeGreaterThan(dims.clientHeight * 10);
    expect(dims.scrollTop).toBeGreaterThan(0); // scrolled to the selected last step

    await page.keyboard.press('Home');
    expect(await selected(page)).toBe('0');
    expect(await scroll.evaluate((el) => el.scrollTop)).toBe(0);

    const row = page.locator('.row[data-step="500"]');
    await row.scrollIntoViewIfNeeded();
    await row.click({ position: { x: 120, y: 12 } });
    expect(await selected(page)).toBe('500');
    const text = buildTimeline(trace).rows[500].text.replace(/ -> /g, ' → ');
    expect(await page.locator('#details h2').textContent()).toBe(text);
    expect(await page.locator('#details .node').count()).toBe(5);
    // The lane headers stay at the top of the scrolled diagram.
    const [heads, box] = [await page.locator('#heads').boundingBox(), await scroll.boundingBox()];
    expect(Math.abs(heads!.y - box!.y)).toBeLessThan(2);

    for (let i = 0; i < 20; i++) await page.keyboard.press('j');
    expect(await selected(page)).toBe('520');
    await page.mouse.move(1200, 800);
    await page.screenshot({ path: join(out, 'viewer-long.png') });
    expect(errors).toEqual([]);
    expect(fetched).toEqual([]);
    await page.close();
  });

  it('every trace under traces/ and every fixture opens without an error', async () => {
    for (const trace of allTraces()) {
      const file = `${trace.protocol}/${trace.impl}`;
      const { page, errors } = await open(trace, 'viewer-last-opened');
      expect(await page.locator('#diagram .lane').count(), file).toBe(buildTimeline(trace).lanes.length);
      expect(await page.locator('.row.violation').count(), file).toBe(trace.violation ? 1 : 0);
      expect(errors, file).toEqual([]);
      await page.close();
    }
    expect(fetched).toEqual([]);
  });

  it('the Mermaid output renders with Mermaid', async () => {
    expect(existsSync(MERMAID_JS), 'mermaid is a devDependency (npm ci)').toBe(true);
    const page = await browser().newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent('<!doctype html><html><body style="margin:0;background:#fff"><div id="out"></div></body></html>');
    await page.addScriptTag({ path: MERMAID_JS });
    await page.evaluate(() => (window as any).mermaid.initialize({ startOnLoad: false, maxTextSize: 10_000_000, sequence: { useMaxWidth: false } }));
    const traces = [...allTraces(), toyLong(300)];
    for (const [i, trace] of traces.entries()) {
      const svg = await page.evaluate(async ({ src, id }) => (await (window as any).mermaid.render(id, src)).svg as string, { src: renderMermaid(trace), id: `d${i}` });
      for (const lane of buildTimeline(trace).lanes) expect(svg, `${trace.protocol}/${trace.impl}`).toContain(lane.id);
    }
    const fixture = readTrace(join(root, 'viewer/fixtures/twophase-faults.json'));
    await page.evaluate(async (src) => {
      document.getElementById('out')!.innerHTML = (await (window as any).mermaid.render('shown', src)).svg;
    }, renderMermaid(fixture));
    await page.locator('#out svg').screenshot({ path: join(out, 'mermaid-twophase-faults.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
