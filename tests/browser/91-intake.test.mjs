// The intake page in a real browser: a klantmanager goes from a demo case in
// plan to its intake, sees the ladder then and now, finds an occupation by a
// few letters (htmx fills the results without a page load), adds it, and
// makes a mistake in the form; the same picking works without JavaScript.
// Every state with JavaScript is checked with axe-core (WCAG 2.1 AA).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { checkA11y, launchBrowser, login, newPage, startServer, tempDir } from './lib.mjs';

let dir;
let server;
let browser;

before(async () => {
  dir = await tempDir({ prefix: 'werkroute-browser-' });
  server = await startServer({ dbPath: path.join(dir.path, 'w.db') });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const stopped = await server?.stop();
  await dir?.cleanup();
  if (stopped) assert.equal(stopped.code, 0, 'server exits cleanly on SIGTERM');
  assert.doesNotMatch(server?.log() ?? '', /AddressSanitizer|runtime error:|LeakSanitizer/);
});

/** Opens the intake of the first case in plan on the klantmanager's start page. */
async function openIntake(page) {
  await page.goto(`${server.url}/`);
  await page.locator('tr', { hasText: 'Plan van aanpak' }).first().locator('a').first().click();
  await page.waitForLoadState('load');
  await page.getByRole('link', { name: 'Intake', exact: true }).click();
  await page.waitForLoadState('load');
  assert.match(page.url(), /\/dossiers\/\d+\/intake$/);
}

test('klantmanager: intake with the ESCO picker, with axe checks', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'km.dordrecht');
  await openIntake(page);
  // The demo gave the case an intake; most have the ladder then and now.
  await assert.doesNotReject(page.getByRole('heading', { level: 2, name: 'Huidige intake' }).waitFor());
  assert.match(await page.textContent('main'), /Trede \d: /);
  assert.match(await page.textContent('.wr-attribution'), /ESCO-classificatie/);
  await checkA11y(page);

  // htmx: typing shows the matches in place, no page load.
  let loads = 0;
  page.on('load', () => { loads++; });
  await page.check('#soort-beroep');
  await page.fill('#q', 'heftruckch');
  await page.locator('#esco-resultaten li', { hasText: 'heftruckchauffeur' }).waitFor();
  assert.equal(loads, 0);
  await checkA11y(page);
  await page.locator('#esco-resultaten li', { hasText: 'heftruckchauffeur' }).getByRole('button').click();
  await page.waitForLoadState('load');
  assert.match(page.url(), /melding=esco_toegevoegd/);
  assert.match(await page.textContent('#werkwensen + ul'), /heftruckchauffeur/);
  await checkA11y(page);

  // A mistake: the error summary names each field, the form keeps the rest.
  await page.selectOption('#route', 'beschut');
  await page.fill('#route_motivation', '');
  await page.fill('#ladder_measured_on', '2099-12-31');
  await page.click('form[action$="/intake"] button[type="submit"]');
  await page.waitForLoadState('load');
  const summary = await page.textContent('#foutenoverzicht');
  assert.match(summary, /Geef een motivering bij de gekozen route/);
  assert.match(summary, /niet in de toekomst/);
  assert.equal(await page.inputValue('#route'), 'beschut');
  assert.equal(await page.getAttribute('#route_motivation', 'aria-invalid'), 'true');
  await checkA11y(page);
  await page.context().close();
});

test('without JavaScript the search is a plain form and adding still works', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  await login(page, server.url, 'km.dordrecht');
  await openIntake(page);
  await page.check('#soort-vaardigheid');
  await page.fill('#q', 'weld');
  await page.click('form[role="search"] button[type="submit"]');
  await page.waitForLoadState('load');
  assert.match(page.url(), /q=weld/);
  const exact = page.locator('span[lang="en"]', { hasText: /^welding techniques$/ });
  const item = page.locator('#esco-resultaten li').filter({ has: exact });
  assert.match(await item.textContent(), /Engels; groep: /);
  await item.locator('select').selectOption('waargenomen');
  await item.getByRole('button').click();
  await page.waitForLoadState('load');
  assert.match(page.url(), /melding=esco_toegevoegd/);
  const row = page.locator('#vaardigheden + div tr').filter({ has: exact });
  assert.match(await row.textContent(), /Waargenomen/);
  // (axe needs JavaScript in the page: the test above checks these pages.)
  await page.context().close();
});
