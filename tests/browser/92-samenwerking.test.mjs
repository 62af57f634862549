// The work of issue 4 end to end in a real browser, by two people: a
// klantmanager of Dordrecht registers a resident, does the intake (ESCO
// picking, ladder, route with its motivation, benefit details), makes the
// plan van aanpak with an activity from the catalogue and records the
// resident's agreement, and refers the case to Drechtwerk; the jobcoach of
// Drechtwerk sees nothing of it until she accepts, then sees the case and
// the intake without the benefit details, and reports back with a note the
// klantmanager reads. Every page is checked with axe-core (WCAG 2.1 AA).
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

// A BSN that passes the elfproef and is not used by the demo region.
function freshBsn(seed) {
  for (let n = seed; ; n++) {
    const digits = String(n).padStart(8, '0').split('').map(Number);
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += (9 - i) * digits[i];
    const check = sum % 11;
    if (check < 10 && sum > 0) return digits.join('') + String(check);
  }
}

const today = () => new Date().toISOString().slice(0, 10);

async function submit(page, formSelector) {
  await page.click(`${formSelector} button[type="submit"]`);
  await page.waitForLoadState('load');
}

/** Picks an ESCO item by a few letters, as a klantmanager types them. */
async function pickEsco(page, kind, letters, label) {
  await page.check(kind === 'beroep' ? '#soort-beroep' : '#soort-vaardigheid');
  await page.fill('#q', letters);
  const item = page.locator('#esco-resultaten li', { hasText: label }).first();
  await item.waitFor();
  await item.getByRole('button').click();
  await page.waitForLoadState('load');
  assert.match(page.url(), /melding=esco_toegevoegd/);
}

test('klantmanager and jobcoach: intake, route, plan, referral, acceptance, report', async () => {
  const km = await newPage(browser);
  await login(km, server.url, 'km.dordrecht');

  // A new resident and her case.
  await km.goto(`${server.url}/inwoners/nieuw`);
  await km.fill('#bsn', freshBsn(52718281));
  await km.fill('#first_name', 'Fatma');
  await km.fill('#last_name', 'Öztürk-de Wit');
  await km.fill('#birth_date', '1987-06-21');
  await km.fill('#postcode', '3312 KL');
  await km.selectOption('#municipality', 'GM0505');
  await submit(km, 'form[action="/inwoners/nieuw"]');
  assert.match(km.url(), /\/inwoners\/\d+/);
  await submit(km, 'form[action$="/dossiers"]');
  const caseUrl = km.url().replace(/[?#].*$/, '');
  assert.match(caseUrl, /\/dossiers\/\d+$/);
  await km.selectOption('#to', 'intake');
  await submit(km, 'form[action$="/fase"]');
  assert.match(await km.textContent('.wr-phase'), /Intake/);

  // The intake: what she can and wants (found in ESCO by a few letters),
  // the participatieladder, the route and why.
  await km.getByRole('link', { name: 'Intake', exact: true }).click();
  await km.waitForLoadState('load');
  await checkA11y(km);
  await km.selectOption('#ladder_step', '3');
  await km.fill('#ladder_measured_on', today());
  await km.fill('#hours_per_week', '24');
  await km.fill('#max_travel_km', '15');
  await km.check('#licence-B');
  await km.check('#barrier-taal');
  await km.selectOption('#route', 'ontwikkelen');
  await km.fill('#route_motivation', 'Wil in de logistiek werken; eerst werkritme en een heftruckcertificaat.');
  await km.fill('#benefit', 'Participatiewet, norm alleenstaande ouder');
  await submit(km, 'form[action$="/intake"][method="post"]');
  assert.match(await km.textContent('main'), /Huidige intake/);
  // Skills and wishes are added to the saved intake, each a new version.
  await pickEsco(km, 'beroep', 'heftruckch', 'heftruckchauffeur');
  await pickEsco(km, 'vaardigheid', 'forklift', 'forklift');
  const intake = await km.textContent('main');
  assert.match(intake, /heftruckchauffeur/);
  assert.match(intake, /Ontwikkelen/);
  assert.match(intake, /norm alleenstaande ouder/, 'the klantmanager sees the benefit details');
  assert.match(await km.textContent('.wr-attribution'), /ESCO/);
  await checkA11y(km);

  // On to the plan: a goal, an activity from the catalogue, her agreement.
  await km.goto(caseUrl);
  await km.selectOption('#to', 'plan');
  await submit(km, 'form[action$="/fase"]');
  assert.match(await km.textContent('.wr-phase'), /Plan/);
  assert.match(await km.textContent('main'), /Ontwikkelen/, 'the case shows the route decided at intake');
  await km.getByRole('link', { name: 'Plan van aanpak', exact: true }).click();
  await km.waitForLoadState('load');
  await checkA11y(km);
  await km.fill('#goal-text', 'Werkritme opdoen en een heftruckcertificaat halen');
  await submit(km, 'form[action$="/plan/doelen"]');
  const jobcoaching = await km.locator('#activity-service_id option', { hasText: 'Jobcoaching' }).first()
    .getAttribute('value');
  await km.selectOption('#activity-service_id', jobcoaching);
  await km.selectOption('#activity-goal', '1');
  await km.fill('#activity-units', '20');
  await km.fill('#activity-starts_on', today());
  await km.fill('#activity-responsible', 'Gerda Mulder (Drechtwerk)');
  await submit(km, 'form[action$="/plan/activiteiten"]');
  assert.match(await km.textContent('main'), /Jobcoaching/);
  assert.match(await km.textContent('main'), /Wacht op akkoord/);
  await km.fill('#agreement-agreed_on', today());
  await km.selectOption('#agreement-how', 'mondeling');
  await submit(km, 'form[action$="/plan/akkoord"]');
  assert.match(await km.textContent('.wr-plan-status'), /Akkoord/);
  assert.ok(await km.locator(`a[href$="/plan.pdf"]`).count(), 'the plan can be taken home as PDF');
  await checkA11y(km);

  // The referral to Drechtwerk, with purpose and legal basis.
  await km.goto(`${caseUrl}/verwijzingen`);
  await checkA11y(km);
  await km.selectOption('#organisation_id', { label: 'Drechtwerk' });
  await km.selectOption('#purpose', 'jobcoaching');
  await km.fill('#legal_basis', 'Participatiewet art. 7 en 10');
  await submit(km, 'form[action$="/verwijzingen"]');
  assert.match(await km.textContent('main'), /Aangevraagd/i);
  await checkA11y(km);

  // The jobcoach: nothing of the file before she accepts.
  const jc = await newPage(browser);
  await login(jc, server.url, 'jobcoach');
  assert.equal((await jc.goto(caseUrl)).status(), 404);
  await jc.goto(`${server.url}/verwijzingen`);
  await checkA11y(jc);
  await jc.getByRole('button', { name: 'Accepteren: Fatma Öztürk-de Wit' }).click();
  await jc.waitForLoadState('load');
  assert.match(await jc.textContent('[role=status]'), /geaccepteerd/);
  await checkA11y(jc);

  // Now she sees the case and the intake, but not the benefit details.
  assert.equal((await jc.goto(caseUrl)).status(), 200);
  await checkA11y(jc);
  assert.equal((await jc.goto(`${caseUrl}/intake`)).status(), 200);
  const seen = await jc.textContent('main');
  assert.match(seen, /heftruckchauffeur/);
  assert.doesNotMatch(seen, /alleenstaande ouder/);
  assert.equal(await jc.locator('form[action$="/intake"][method="post"]').count(), 0, 'she cannot change the intake');
  await checkA11y(jc);

  // She reports back; the klantmanager reads it in the case.
  await jc.goto(caseUrl);
  await jc.fill('#text', 'Eerste gesprek gevoerd: Fatma start maandag op de werkvloer van Drechtwerk Logistiek.');
  await submit(jc, 'form[action$="/notities"]');
  assert.match(await jc.textContent('.wr-notes'), /start maandag/);
  await km.goto(caseUrl);
  const notes = await km.textContent('.wr-notes');
  assert.match(notes, /start maandag/);
  assert.match(notes, /Gerda Mulder/);

  await jc.context().close();
  await km.context().close();
});
