// A klantmanager in a real browser (Debian's chromium via playwright-core):
// logs in, registers a resident (first with a mistake), opens a case, writes
// a note, moves the phase; every page is checked with axe-core (WCAG 2.1 AA:
// no serious or critical violations). Also: the same flow works without
// JavaScript, and another municipality's klantmanager cannot see the file.
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
  const log = server?.log() ?? '';
  assert.doesNotMatch(log, /AddressSanitizer|runtime error:|LeakSanitizer/);
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

async function registerResident(page, { bsn, first, last }) {
  await page.goto(`${server.url}/inwoners/nieuw`);
  await page.fill('#bsn', bsn);
  await page.fill('#first_name', first);
  await page.fill('#last_name', last);
  await page.fill('#birth_date', '1990-04-12');
  await page.fill('#postcode', '3311ab');
  await page.selectOption('#municipality', 'GM0505');
  await page.click('form[action="/inwoners/nieuw"] button[type="submit"]');
  await page.waitForLoadState('load');
}

test('klantmanager: register, open a case, note, phase, with axe checks', async () => {
  const page = await newPage(browser);
  assert.match(await login(page, server.url, 'km.dordrecht'), /\/$/);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Mijn caseload' }).waitFor());
  await checkA11y(page);

  // A mistake first: the form comes back with a Dutch message and what was typed.
  await page.goto(`${server.url}/inwoners/nieuw`);
  await checkA11y(page);
  await page.fill('#bsn', '123456789');
  await page.fill('#first_name', 'Zeynep');
  await page.click('form[action="/inwoners/nieuw"] button[type="submit"]');
  await page.waitForLoadState('load');
  assert.match(await page.textContent('#bsn-error'), /geen geldig BSN/);
  assert.equal(await page.inputValue('#first_name'), 'Zeynep');
  assert.equal(await page.getAttribute('#bsn', 'aria-invalid'), 'true');
  await checkA11y(page);

  // Now right, with a name that must be shown escaped.
  const bsn = freshBsn(31415926);
  await registerResident(page, { bsn, first: 'Zeynep <b>', last: 'Çelik' });
  assert.match(page.url(), /\/inwoners\/\d+/);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Zeynep <b> Çelik' }).waitFor());
  assert.match(await page.textContent('main'), /3311 AB/);
  assert.match(await page.textContent('[role=status]'), /opgeslagen/);
  await checkA11y(page);
  const residentUrl = page.url().replace(/\?.*$/, '');

  // Search finds her without the accent.
  await page.goto(`${server.url}/inwoners`);
  await page.fill('#q', 'celik');
  await page.click('form[action="/inwoners"] button[type="submit"]');
  await page.waitForLoadState('load');
  await assert.doesNotReject(page.getByRole('link', { name: 'Zeynep <b> Çelik' }).waitFor());
  await checkA11y(page);

  // Open a case.
  await page.goto(residentUrl);
  await page.click(`form[action$="/dossiers"] button[type="submit"]`);
  await page.waitForLoadState('load');
  assert.match(page.url(), /\/dossiers\/\d+/);
  assert.match(await page.textContent('main'), /Aanmelding/);
  await checkA11y(page);
  const caseUrl = page.url().replace(/[?#].*$/, '');

  // A note.
  await page.fill('#text', 'Kennismakingsgesprek gevoerd.\nWil graag in de zorg werken.');
  await page.click('form[action$="/notities"] button[type="submit"]');
  await page.waitForLoadState('load');
  assert.match(await page.textContent('.wr-notes'), /Wil graag in de zorg werken/);

  // Move to intake, then try to close without a reason, then close with one.
  await page.selectOption('#to', 'intake');
  await page.click('form[action$="/fase"] button[type="submit"]');
  await page.waitForLoadState('load');
  assert.match(await page.textContent('.wr-phase'), /Intake/);
  await page.selectOption('#to', 'afgesloten');
  await page.click('form[action$="/fase"] button[type="submit"]');
  await page.waitForLoadState('load');
  assert.match(await page.textContent('[role=alert]'), /reden/i);
  await checkA11y(page);
  await page.selectOption('#to', 'afgesloten');
  await page.selectOption('#reason', 'verhuisd');
  await page.click('form[action$="/fase"] button[type="submit"]');
  await page.waitForLoadState('load');
  assert.match(await page.textContent('.wr-phase'), /Afgesloten/);
  const history = await page.textContent('table');
  assert.match(history, /Aanmelding[\s\S]*Intake[\s\S]*Afgesloten/);
  assert.match(history, /Verhuisd/);
  await checkA11y(page);

  // Another municipality's klantmanager gets the same page as for nothing.
  const other = await newPage(browser);
  await login(other, server.url, 'km.papendrecht');
  const res = await other.goto(caseUrl);
  assert.equal(res.status(), 404);
  assert.equal((await other.goto(residentUrl)).status(), 404);
  await checkA11y(other);
  await other.context().close();
  await page.context().close();
});

test('the pages work without JavaScript', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  await login(page, server.url, 'km.dordrecht');
  const bsn = freshBsn(27182818);
  await registerResident(page, { bsn, first: 'Noor', last: 'van Dijk' });
  assert.match(page.url(), /\/inwoners\/\d+/);
  await page.click(`form[action$="/dossiers"] button[type="submit"]`);
  await page.waitForLoadState('load');
  assert.match(page.url(), /\/dossiers\/\d+/);
  await page.selectOption('#to', 'intake');
  await page.click('form[action$="/fase"] button[type="submit"]');
  await page.waitForLoadState('load');
  assert.match(await page.textContent('.wr-phase'), /Intake/);
  await page.context().close();
});

test('the privacy officer reads the audit log', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'fg');
  await page.goto(`${server.url}/inzagelog?user=km.papendrecht`);
  const text = await page.textContent('main');
  assert.match(text, /km\.papendrecht/);
  assert.match(text, /Geweigerd/);
  await checkA11y(page);
  await page.context().close();
});

test('the administrator manages users', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'admin', 'beheer-wachtwoord-2026');
  await page.goto(`${server.url}/beheer/gebruikers`);
  assert.match(await page.textContent('main'), /km\.dordrecht/);
  await checkA11y(page);

  // A new klantmanager for Sliedrecht, first with a too short password.
  await page.fill('#username', 'km.nieuw');
  await page.fill('#password', 'kort');
  await page.selectOption('#role', 'case_manager');
  await page.selectOption('#organisation_id', { label: 'Sociale Dienst Drechtsteden' });
  await page.check('input[name="municipality"][value="GM0610"]');
  await page.click('form[action="/beheer/gebruikers"] button[type="submit"]');
  await page.waitForLoadState('load');
  assert.match(await page.textContent('[role=alert]'), /12 tekens/);
  assert.equal(await page.inputValue('#username'), 'km.nieuw');
  await page.fill('#password', 'een-lang-genoeg-wachtwoord');
  await page.check('input[name="municipality"][value="GM0610"]');
  await page.click('form[action="/beheer/gebruikers"] button[type="submit"]');
  await page.waitForLoadState('load');
  assert.match(await page.textContent('[role=status]'), /aangemaakt/);
  const fresh = await newPage(browser);
  assert.match(await login(fresh, server.url, 'km.nieuw', 'een-lang-genoeg-wachtwoord'), /\/$/);

  // Switching the user off ends its session and its logins.
  await page.click('button[aria-label="Uitschakelen km.nieuw"]');
  await page.waitForLoadState('load');
  assert.match(await page.textContent('[role=status]'), /uitgeschakeld/);
  const res = await fresh.goto(`${server.url}/inwoners`);
  assert.match(fresh.url(), /\/inloggen/, `a disabled user is sent to the login page (got ${res.status()})`);
  assert.match(await login(fresh, server.url, 'km.nieuw', 'een-lang-genoeg-wachtwoord'), /\/inloggen/);
  await checkA11y(page);
  await fresh.context().close();
  await page.context().close();
});
