// The work of issue 5 end to end in a real browser, by the employer adviser
// and two employers: the adviser adds a workplace for Bouwbedrijf
// Merwedeoever (ESCO occupation picked without JavaScript, skills from
// ESCO), sees its candidates explained and proposes two of them, one with
// the profile shared; the employer sees both proposals, the shared one by
// name only when the resident consented, the other anonymously, and
// invites one for an interview; the adviser moves it to a trial placement,
// records the placement and sees the 6-month check with its due date. The
// other employer (De Lindehof) cannot open the workplace or the proposal.
// Every page is checked with axe-core (WCAG 2.1 AA).
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

const MONTHS = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus',
  'september', 'oktober', 'november', 'december'];

async function submit(page, selector) {
  await page.click(selector);
  await page.waitForLoadState('load');
}

test('employer adviser and employers: workplace, explained matches, proposal, placement, check', async () => {
  const adviser = await newPage(browser);
  await login(adviser, server.url, 'wgadviseur');
  await checkA11y(adviser);
  assert.match(await adviser.textContent('main'), /Open werkplekken/);

  // The employer in the network.
  await adviser.goto(`${server.url}/werkgevers?q=Merwedeoever`);
  await checkA11y(adviser);
  const employerLink = adviser.locator('main table a', { hasText: 'Merwedeoever' }).first();
  const employerHref = await employerLink.getAttribute('href');
  const employerId = employerHref.match(/\/werkgevers\/(\d+)$/)[1];
  await employerLink.click();
  await adviser.waitForLoadState('load');
  await checkA11y(adviser);

  // A new workplace: the occupation searched and picked without JavaScript
  // (the search button posts the form back with the choices).
  await adviser.goto(`${server.url}/vacatures/nieuw?werkgever=${employerId}`);
  await checkA11y(adviser);
  await adviser.selectOption('#werkplek-kind', 'regulier');
  await adviser.fill('#werkplek-hours', '32');
  await adviser.fill('#werkplek-places', '2');
  await adviser.fill('#werkplek-postcode', '3313 AB');
  await adviser.check('#job_coaching');
  await adviser.fill('#q', 'metselaar');
  await submit(adviser, 'button[value="zoeken"]');
  // What was typed survives the search.
  assert.equal(await adviser.inputValue('#werkplek-hours'), '32');
  const choice = adviser.locator('#beroep-keuze li', { hasText: /^\s*metselaar\s*$/ }).first();
  await choice.locator('input[type=radio]').check();
  await checkA11y(adviser);
  await submit(adviser, 'button[value="opslaan"]');
  assert.match(adviser.url(), /\/vacatures\/\d+\?melding=werkplek_toegevoegd/);
  const vacancyUrl = adviser.url().replace(/[?#].*$/, '');
  const main = await adviser.textContent('main');
  assert.match(main, /metselaar/);
  // Skills from ESCO, essential ones among them.
  assert.ok(await adviser.locator('ul[aria-labelledby="essentieel"] li').count() > 0,
    'essential skills pre-filled from ESCO');
  await checkA11y(adviser);

  // The candidates, best first, each explained.
  const matches = adviser.locator('#kandidaten ~ ol .wr-match, section[aria-labelledby="kandidaten"] .wr-match');
  const n = await matches.count();
  assert.ok(n >= 2, `at least two candidates (got ${n})`);
  const scores = [];
  for (let i = 0; i < n; i++) {
    scores.push(Number((await matches.nth(i).locator('.wr-match__score').textContent()).match(/(\d+)/)[1]));
  }
  for (let i = 1; i < scores.length; i++) assert.ok(scores[i - 1] >= scores[i], `best first: ${scores}`);
  const firstText = await matches.first().textContent();
  assert.match(firstText, /essentiële vaardigheden aanwezig/);
  assert.match(firstText, /Afstand\s*\d+,\d km/);
  assert.match(firstText, /Uren/);

  // Propose one who consents to share, with the profile shared, and one
  // without sharing.
  const consenting = adviser.locator('section[aria-labelledby="kandidaten"] .wr-match:has(input[name="share"]:not([disabled]))').first();
  const hasConsenting = await consenting.count() > 0;
  let sharedName = null;
  if (hasConsenting) {
    sharedName = (await consenting.locator('h3 a').textContent()).trim();
    await consenting.locator('input[name="share"]').check();
    await consenting.locator('button[type=submit]').click();
  } else {
    await matches.first().locator('button[type=submit]').click();
  }
  await adviser.waitForLoadState('load');
  assert.match(adviser.url(), /\/voordrachten\/\d+\?melding=voorgedragen/);
  const proposalUrl = adviser.url().replace(/[?#].*$/, '');
  await checkA11y(adviser);
  await adviser.goto(vacancyUrl);
  const unshared = adviser.locator('section[aria-labelledby="kandidaten"] .wr-match:has(button[type=submit])').first();
  await unshared.locator('button[type=submit]').click();
  await adviser.waitForLoadState('load');
  const anonymousUrl = adviser.url().replace(/[?#].*$/, '');
  assert.notEqual(anonymousUrl, proposalUrl);

  // The employer: its proposals, anonymous unless consent and share.
  const employer = await newPage(browser);
  await login(employer, server.url, 'werkgever.merwedeoever');
  await checkA11y(employer);
  assert.match(await employer.textContent('main'), /metselaar/);
  await employer.goto(anonymousUrl);
  await checkA11y(employer);
  assert.match(await employer.textContent('h1'), /Kandidaat \d+/);
  await employer.goto(proposalUrl);
  await checkA11y(employer);
  const heading = await employer.textContent('h1');
  if (sharedName) assert.match(heading, new RegExp(sharedName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  else assert.match(heading, /Kandidaat \d+/);
  // Feedback: invite for an interview.
  await submit(employer, '#stap-gesprek');
  assert.match(employer.url(), /melding=stap_opgeslagen/);
  assert.match(await employer.textContent('#voordracht-status'), /Gesprek/);
  await checkA11y(employer);
  // No placement form for the employer.
  assert.equal(await employer.locator('form[action$="/plaatsing"]').count(), 0);

  // Another employer sees neither the workplace nor the proposal.
  const other = await newPage(browser);
  await login(other, server.url, 'werkgever.lindehof');
  assert.equal((await other.goto(vacancyUrl)).status(), 404);
  await checkA11y(other);
  assert.equal((await other.goto(proposalUrl)).status(), 404);
  assert.doesNotMatch(await other.textContent('main'), /metselaar/);

  // The adviser: trial placement, then the placement.
  await adviser.goto(proposalUrl);
  await submit(adviser, '#stap-proefplaatsing');
  assert.match(await adviser.textContent('#voordracht-status'), /Proefplaatsing/);
  await checkA11y(adviser);
  await adviser.selectOption('#plaatsing-contract', 'bepaalde_tijd');
  await adviser.fill('#plaatsing-hours_per_week', '32');
  await adviser.fill('#plaatsing-wage_cents', '14,40');
  await adviser.fill('#plaatsing-loonwaarde_pct', '70');
  await adviser.selectOption('#plaatsing-subsidy', 'loonkostensubsidie');
  await adviser.fill('#plaatsing-job_coach', 'Sanne de Groot');
  // A wrong wage is refused in Dutch, with what was typed kept.
  await adviser.fill('#plaatsing-wage_cents', 'veel');
  await submit(adviser, 'form[action$="/plaatsing"] button[type=submit]');
  assert.match(await adviser.textContent('#foutenoverzicht'), /brutoloon per uur/);
  assert.equal(await adviser.inputValue('#plaatsing-loonwaarde_pct'), '70');
  await checkA11y(adviser);
  await adviser.fill('#plaatsing-wage_cents', '14,40');
  await submit(adviser, 'form[action$="/plaatsing"] button[type=submit]');
  assert.match(adviser.url(), /\/plaatsingen\/\d+\?melding=geplaatst/);
  await checkA11y(adviser);

  // The 6-month check with its due date.
  const due = new Date();
  due.setUTCMonth(due.getUTCMonth() + 6, 1);
  const check6 = await adviser.textContent('#controle-6');
  assert.match(check6, /Uiterlijk op/);
  assert.match(check6, new RegExp(`\\d{1,2} ${MONTHS[due.getUTCMonth()]} ${due.getUTCFullYear()}`));
  assert.match(await adviser.textContent('#controle-12'), /Uiterlijk op/);

  // The proposal is placed; the placements list shows it.
  await adviser.goto(proposalUrl);
  assert.match(await adviser.textContent('#voordracht-status'), /Geplaatst/);
  await adviser.goto(`${server.url}/plaatsingen`);
  await checkA11y(adviser);
  assert.match(await adviser.textContent('main'), /metselaar/);
});
