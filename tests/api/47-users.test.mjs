// The administrator's users page (/beheer/gebruikers): making users, the
// checks on what is typed, and that a new user gets exactly the access of
// its role and municipalities.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ADMIN_PASSWORD, PageClient, api, assertProblem, createResident, login, startServer,
} from './lib.mjs';

let srv, admin, orgs;
before(async () => {
  srv = await startServer({ demo: true });
  admin = new PageClient(srv.url);
  await admin.loginOk('admin', ADMIN_PASSWORD);
  const page = await admin.get('/beheer/gebruikers');
  assert.equal(page.status, 200);
  orgs = Object.fromEntries([...page.text.matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)].map((m) => [m[2], m[1]]));
  assert.ok(orgs['Sociale Dienst Drechtsteden'], `organisations on the form: ${JSON.stringify(orgs)}`);
});
after(() => srv?.stop());

const NEW_PASSWORD = 'nieuw-wachtwoord-2026';
const userForm = (fields) => ({
  username: `test.${Math.floor(Math.random() * 1e9)}`, password: NEW_PASSWORD, role: 'case_manager',
  organisation_id: orgs['Sociale Dienst Drechtsteden'], ...fields,
});
async function users() {
  const r = await api(srv.url, await login(srv.url, 'admin', ADMIN_PASSWORD), 'GET', '/api/v1/users');
  return r.json.items;
}

describe('making a user', () => {
  test('a klantmanager for Papendrecht: 303, listed, logs in, sees Papendrecht only', async () => {
    const form = userForm({ username: 'km.nieuw.papendrecht', municipality: 'GM0590' });
    const r = await admin.post('/beheer/gebruikers', form);
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.equal(r.location, '/beheer/gebruikers?melding=gebruiker_aangemaakt');
    const u = (await users()).find((x) => x.username === 'km.nieuw.papendrecht');
    assert.ok(u);
    assert.equal(u.role, 'case_manager');
    assert.deepEqual(u.municipalities, ['GM0590']);
    assert.equal(String(u.organisation_id), orgs['Sociale Dienst Drechtsteden']);
    const t = await login(srv.url, 'km.nieuw.papendrecht', NEW_PASSWORD);
    const all = await api(srv.url, t, 'GET', '/api/v1/residents?limit=1000');
    assert.equal(all.status, 200);
    assert.ok(all.json.total > 0);
    for (const x of all.json.items) assert.equal(x.municipality, 'GM0590');
    const dord = await createResident(srv.url, await login(srv.url, 'km.dordrecht'));
    assertProblem(await api(srv.url, t, 'GET', `/api/v1/residents/${dord.id}`), 404);
  });

  test('bad input is a 422 page naming each field, nothing made', async () => {
    const before = (await users()).length;
    const r = await admin.post('/beheer/gebruikers', { username: 'Hoofd Letters', password: 'kort', role: 'koning', organisation_id: 'x' });
    assert.equal(r.status, 422);
    for (const f of ['username', 'password', 'role', 'organisation_id']) {
      assert.match(r.text, new RegExp(`id="${f}"[^>]*aria-invalid="true"`), f);
    }
    assert.match(r.text, /Gebruik 3 tot 64 kleine letters, cijfers, punten of streepjes\./);
    assert.match(r.text, /Een wachtwoord heeft minstens 12 tekens\./);
    assert.equal((await users()).length, before);
  });

  test('a resident account cannot be made here', async () => {
    const r = await admin.post('/beheer/gebruikers', userForm({ role: 'resident' }));
    assert.equal(r.status, 422);
  });

  test('a taken username is 409 with the Dutch message', async () => {
    const r = await admin.post('/beheer/gebruikers', userForm({ username: 'km.dordrecht', municipality: 'GM0505' }));
    assert.equal(r.status, 409);
    assert.match(r.text, /Deze gebruikersnaam bestaat al\./);
  });

  test('municipalities the organisation does not serve are 422', async () => {
    const before = (await users()).length;
    const r = await admin.post('/beheer/gebruikers', userForm({ organisation_id: orgs['Zorgcentrum De Lindehof'], role: 'employer', municipality: 'GM0505' }));
    assert.equal(r.status, 422);
    assert.match(r.text, /De organisatie werkt niet voor alle gekozen gemeenten\./);
    assert.equal((await users()).length, before);
  });

  test('an organisation that does not exist is a 422 about the organisation, not "username taken"', async () => {
    const before = (await users()).length;
    const form = userForm({ organisation_id: '999999' });
    const r = await admin.post('/beheer/gebruikers', form);
    assert.equal((await users()).length, before, 'nothing made');
    assert.ok(!(await users()).some((u) => u.username === form.username));
    assert.ok(!r.text.includes('Deze gebruikersnaam bestaat al'), `the username is free, yet the page (${r.status}) says "Deze gebruikersnaam bestaat al.": the message must be about the organisation`);
    assert.equal(r.status, 422);
    assert.match(r.text, /id="organisation_id"[^>]*aria-invalid="true"/);
  });

  test('the same municipality ticked twice is not "username taken"', async () => {
    const form = userForm();
    const body = `${new URLSearchParams({ csrf: admin.csrf, ...form })}&municipality=GM0505&municipality=GM0505`;
    const r = await admin.request('POST', '/beheer/gebruikers', { body });
    assert.ok(!r.text.includes('Deze gebruikersnaam bestaat al'), `the username is free, yet the page (${r.status}) says "Deze gebruikersnaam bestaat al."`);
    assert.ok(r.status === 303 || r.status === 422, `${r.status}`);
    if (r.status === 303) {
      const u = (await users()).find((x) => x.username === form.username);
      assert.deepEqual(u.municipalities, ['GM0505']);
    }
  });

  test('only the administrator may make users', async () => {
    const km = new PageClient(srv.url);
    await km.loginOk('km.regio');
    await km.get('/inwoners/nieuw');
    const form = userForm({ role: 'admin' });
    const r = await km.post('/beheer/gebruikers', form);
    assert.equal(r.status, 403);
    assert.ok(!(await users()).some((u) => u.username === form.username));
  });

  test('without the csrf field nothing is made', async () => {
    const form = userForm();
    const r = await admin.request('POST', '/beheer/gebruikers', { body: form });
    assert.equal(r.status, 403);
    assert.ok(!(await users()).some((u) => u.username === form.username));
  });
});
