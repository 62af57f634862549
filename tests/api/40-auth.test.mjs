// Logging in and out (API and pages), throttling, bearer tokens, CSRF and
// the session cookie's attributes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ADMIN_PASSWORD, PASSWORD, PageClient, api, assertProblem, createResident, csrfFrom, login,
  makeDatabase, residentBody, residentTotal, serve, setCookies, startServer,
} from './lib.mjs';

let srv;
before(async () => { srv = await startServer({ demo: true }); });
after(() => srv?.stop());

// The server blocks a client address after 20 failed logins in 15 minutes,
// and every test here shares 127.0.0.1: this file stays well below that.

describe('POST /api/v1/sessions', () => {
  test('the right password gives 201 and a bearer token', async () => {
    const r = await api(srv.url, null, 'POST', '/api/v1/sessions', { username: 'km.dordrecht', password: PASSWORD });
    assert.equal(r.status, 201, r.text);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.match(r.json.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(r.json.token_type, 'Bearer');
    assert.equal(r.json.expires_in, 30 * 60);
    assert.equal(r.headers.getSetCookie().length, 0, 'no cookie for an API login');
  });

  test('two logins give two different tokens', async () => {
    const a = await login(srv.url, 'km.regio');
    const b = await login(srv.url, 'km.regio');
    assert.notEqual(a, b);
  });

  test('a wrong password and an unknown user get the same 401 problem', async () => {
    const wrong = await api(srv.url, null, 'POST', '/api/v1/sessions', { username: 'km.regio', password: 'niet-het-wachtwoord' });
    const unknown = await api(srv.url, null, 'POST', '/api/v1/sessions', { username: 'niemand.hier', password: 'niet-het-wachtwoord' });
    assertProblem(wrong, 401);
    assertProblem(unknown, 401);
    assert.deepEqual(wrong.json, unknown.json);
    assert.equal(wrong.json.detail, 'De combinatie van gebruikersnaam en wachtwoord is onjuist.');
    assert.ok(!('token' in wrong.json));
  });

  test('bad login bodies are 400 or 415, not 500', async () => {
    let r = await api(srv.url, null, 'POST', '/api/v1/sessions', { username: 'km.regio' });
    assertProblem(r, 400);
    assert.deepEqual(r.json.errors.map((e) => e.field), ['password']);
    r = await api(srv.url, null, 'POST', '/api/v1/sessions', { username: 'km.regio', password: 12345678901234 });
    assertProblem(r, 400);
    r = await api(srv.url, null, 'POST', '/api/v1/sessions', 'username=km.regio&password=x', { 'content-type': 'application/x-www-form-urlencoded' });
    assertProblem(r, 415);
    r = await api(srv.url, null, 'POST', '/api/v1/sessions', '{"username":"km.regio",');
    assertProblem(r, 400);
    r = await api(srv.url, null, 'POST', '/api/v1/sessions', { username: 'km.regio', password: 'x', remember: true });
    assertProblem(r, 400);
  });

  test('5 wrong passwords for one account, then the right one, gives 429 (Dutch problem)', async () => {
    const user = 'werkgever.lindehof';
    for (let i = 0; i < 5; i++) {
      const r = await api(srv.url, null, 'POST', '/api/v1/sessions', { username: user, password: `fout-wachtwoord-${i}` });
      assertProblem(r, 401, `attempt ${i + 1}`);
    }
    const r = await api(srv.url, null, 'POST', '/api/v1/sessions', { username: user, password: PASSWORD });
    assertProblem(r, 429);
    assert.equal(r.json.detail, 'Te veel mislukte pogingen. Probeer het over enkele minuten opnieuw.');
    assert.equal(r.json.title, 'Te veel pogingen');
    // the page login of that account is blocked as well
    const page = new PageClient(srv.url);
    const p = await page.login(user);
    assert.equal(p.status, 429);
    assert.match(p.text, /Te veel mislukte pogingen/);
    assert.ok(!page.cookies.has('wr_session'));
    // another account from the same address still logs in
    await login(srv.url, 'werkgever.merwedeoever');
  });
});

describe('bearer tokens', () => {
  test('a token works until DELETE /api/v1/sessions/current, then gives 401', async () => {
    const token = await login(srv.url, 'km.dordrecht');
    let r = await api(srv.url, token, 'GET', '/api/v1/residents?limit=1');
    assert.equal(r.status, 200);
    r = await api(srv.url, token, 'DELETE', '/api/v1/sessions/current');
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    r = await api(srv.url, token, 'GET', '/api/v1/residents?limit=1');
    assertProblem(r, 401);
    r = await api(srv.url, token, 'DELETE', '/api/v1/sessions/current');
    assertProblem(r, 401);
  });

  test('logging out one token leaves the user\'s other tokens working', async () => {
    const a = await login(srv.url, 'km.papendrecht');
    const b = await login(srv.url, 'km.papendrecht');
    assert.equal((await api(srv.url, a, 'DELETE', '/api/v1/sessions/current')).status, 204);
    assert.equal((await api(srv.url, b, 'GET', '/api/v1/residents?limit=1')).status, 200);
  });

  test('no token is a 401 problem document with WWW-Authenticate', async () => {
    const r = await api(srv.url, null, 'GET', '/api/v1/residents');
    const p = assertProblem(r, 401);
    assert.equal(p.detail, 'U bent niet ingelogd of uw sessie is verlopen.');
    assert.equal(p.title, 'Niet ingelogd');
    assert.match(r.headers.get('www-authenticate') || '', /^Bearer/);
  });

  test('a bad token or another scheme is 401', async () => {
    const good = await login(srv.url, 'km.dordrecht');
    for (const authz of ['Bearer ', 'Bearer nonsense', `Bearer ${'A'.repeat(43)}`, `Bearer ${good}x`,
      `Bearer ${good.slice(1)}`, `Basic ${Buffer.from('km.dordrecht:' + PASSWORD).toString('base64')}`, good]) {
      const r = await api(srv.url, null, 'GET', '/api/v1/residents?limit=1', undefined, { authorization: authz });
      assertProblem(r, 401, authz);
    }
  });

  test('a bearer token sent as the wr_session cookie is not accepted', async () => {
    const token = await login(srv.url, 'km.dordrecht');
    let r = await api(srv.url, null, 'GET', '/api/v1/residents?limit=1', undefined, { cookie: `wr_session=${token}` });
    assertProblem(r, 401);
    const before = await residentTotal(srv.url, token);
    r = await api(srv.url, null, 'POST', '/api/v1/residents', residentBody(), { cookie: `wr_session=${token}` });
    assert.ok(r.status === 401 || r.status === 403, `${r.status}`);
    assert.equal(await residentTotal(srv.url, token), before);
    const p = await fetch(`${srv.url}/`, { headers: { cookie: `wr_session=${token}` }, redirect: 'manual' });
    assert.equal(p.status, 303);
    assert.match(p.headers.get('location'), /^\/inloggen/);
  });

  test('a cookie session token sent as a bearer token is not accepted', async () => {
    const page = new PageClient(srv.url);
    await page.loginOk('km.dordrecht');
    const r = await api(srv.url, page.cookies.get('wr_session'), 'GET', '/api/v1/residents?limit=1');
    assertProblem(r, 401);
  });
});

describe('page login and CSRF', () => {
  test('GET /inloggen gives a form with a csrf field and a wr_login cookie', async () => {
    const r = await fetch(`${srv.url}/inloggen`);
    const html = await r.text();
    assert.equal(r.status, 200);
    const csrf = csrfFrom(html);
    assert.match(csrf, /^[A-Za-z0-9_-]{43}$/);
    const c = setCookies(r.headers).find((x) => x.name === 'wr_login');
    assert.ok(c, 'wr_login cookie');
    assert.equal(c.value, csrf);
    assert.ok(c.attrs.httponly);
    assert.equal(c.attrs.samesite, 'Strict');
  });

  test('the right form logs in: 303 to /, an HttpOnly SameSite=Strict session cookie, no Secure', async () => {
    const page = new PageClient(srv.url);
    const r = await page.login('km.dordrecht');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/');
    const s = r.cookies.find((c) => c.name === 'wr_session');
    assert.ok(s, 'wr_session set');
    assert.match(s.value, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(s.attrs.httponly, s.raw);
    assert.equal(s.attrs.samesite, 'Strict', s.raw);
    assert.equal(s.attrs.path, '/');
    assert.ok(!s.attrs.secure, `no Secure over plain HTTP: ${s.raw}`);
    const login = r.cookies.find((c) => c.name === 'wr_login');
    assert.ok(login && (login.value === '' || login.attrs['max-age'] === '0'), 'the login cookie is cleared');
  });

  test('a wrong or missing csrf field is 403 and sets no session cookie', async () => {
    for (const fields of [{ csrf: 'A'.repeat(43) }, { csrf: '' }, {}]) {
      const page = new PageClient(srv.url);
      await page.get('/inloggen');
      const r = await page.request('POST', '/inloggen', {
        body: { ...fields, username: 'km.dordrecht', password: PASSWORD },
      });
      assert.equal(r.status, 403, JSON.stringify(fields));
      assert.match(r.text, /Het formulier is verlopen/);
      assert.ok(!r.cookies.some((c) => c.name === 'wr_session'), 'no session cookie');
    }
  });

  test('the csrf field without its wr_login cookie is 403', async () => {
    const page = new PageClient(srv.url);
    const form = await page.get('/inloggen');
    page.cookies.clear();
    const r = await page.post('/inloggen', { csrf: csrfFrom(form.text), username: 'km.dordrecht', password: PASSWORD });
    assert.equal(r.status, 403);
    assert.ok(!r.cookies.some((c) => c.name === 'wr_session'));
  });

  test('a wrong password on the page is 401 with the Dutch message and keeps the username', async () => {
    const page = new PageClient(srv.url);
    const r = await page.login('km.regio', 'verkeerd-wachtwoord');
    assert.equal(r.status, 401);
    assert.match(r.text, /De combinatie van gebruikersnaam en wachtwoord is onjuist\./);
    assert.match(r.text, /name="username" value="km\.regio"/);
    assert.ok(!page.cookies.has('wr_session'));
  });

  test('next= sends you back to a local page only', async () => {
    let page = new PageClient(srv.url);
    let r = await page.login('km.dordrecht', PASSWORD, { next: '/inwoners?q=jansen' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/inwoners?q=jansen');
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/x\r\nSet-Cookie: a=b']) {
      page = new PageClient(srv.url);
      r = await page.login('km.dordrecht', PASSWORD, { next });
      assert.equal(r.status, 303, next);
      assert.equal(r.location, '/', `next=${JSON.stringify(next)} must not leave the site`);
    }
  });

  test('a page POST with the session cookie but a wrong csrf is 403 and writes nothing', async () => {
    const token = await login(srv.url, 'km.dordrecht');
    const page = new PageClient(srv.url);
    await page.loginOk('km.dordrecht');
    const form = await page.get('/inwoners/nieuw');
    assert.equal(form.status, 200);
    const body = residentBody({ municipality: 'GM0505' });
    const before = await residentTotal(srv.url, token);
    for (const csrf of ['A'.repeat(43), '', page.csrf.slice(0, -1)]) {
      const r = await page.post('/inwoners/nieuw', { ...body, csrf });
      assert.equal(r.status, 403, `csrf ${JSON.stringify(csrf)}`);
      assert.match(r.text, /Het formulier is verlopen/);
    }
    // no csrf field at all
    const r = await page.request('POST', '/inwoners/nieuw', { body });
    assert.equal(r.status, 403);
    assert.equal(await residentTotal(srv.url, token), before);
    assert.equal(await residentTotal(srv.url, token, body.bsn), 0);
    // and with the right one it works
    const ok = await page.post('/inwoners/nieuw', body);
    assert.equal(ok.status, 303, ok.text.slice(0, 500));
    assert.equal(await residentTotal(srv.url, token, body.bsn), 1);
  });

  test('another session\'s csrf token does not work', async () => {
    const a = new PageClient(srv.url);
    const b = new PageClient(srv.url);
    await a.loginOk('km.dordrecht');
    await b.loginOk('km.dordrecht');
    await a.get('/inwoners/nieuw');
    await b.get('/inwoners/nieuw');
    assert.notEqual(a.csrf, b.csrf);
    const r = await a.post('/uitloggen', { csrf: b.csrf });
    assert.equal(r.status, 403);
    assert.equal((await a.get('/')).status, 200, 'still logged in');
  });

  test('a POST page without login is 401, not a redirect', async () => {
    const page = new PageClient(srv.url);
    const r = await page.request('POST', '/inwoners/nieuw', { body: { first_name: 'x' } });
    assert.equal(r.status, 401);
  });
});

describe('cookie-authenticated API calls', () => {
  test('GET works with the cookie alone; a change needs X-CSRF-Token', async () => {
    const token = await login(srv.url, 'km.dordrecht');
    const page = new PageClient(srv.url);
    await page.loginOk('km.dordrecht');
    const cookie = `wr_session=${page.cookies.get('wr_session')}`;
    let r = await api(srv.url, null, 'GET', '/api/v1/residents?limit=1', undefined, { cookie });
    assert.equal(r.status, 200);

    const before = await residentTotal(srv.url, token);
    const body = residentBody();
    r = await api(srv.url, null, 'POST', '/api/v1/residents', body, { cookie });
    assertProblem(r, 403);
    assert.match(r.json.detail, /formulier is verlopen/);
    r = await api(srv.url, null, 'POST', '/api/v1/residents', body, { cookie, 'x-csrf-token': 'A'.repeat(43) });
    assertProblem(r, 403);
    r = await api(srv.url, null, 'POST', '/api/v1/residents', body, { cookie, 'x-csrf-token': '' });
    assertProblem(r, 403);
    const created = await createResident(srv.url, token);
    r = await api(srv.url, null, 'PATCH', `/api/v1/residents/${created.id}`, { first_name: 'Gewijzigd' }, { cookie });
    assertProblem(r, 403);
    r = await api(srv.url, null, 'DELETE', '/api/v1/sessions/current', undefined, { cookie });
    assertProblem(r, 403);
    assert.equal(await residentTotal(srv.url, token), before + 1);

    // the csrf token of a page of this session makes it work
    await page.get('/inwoners/nieuw');
    r = await api(srv.url, null, 'POST', '/api/v1/residents', body, { cookie, 'x-csrf-token': page.csrf });
    assert.equal(r.status, 201, r.text);
    assert.equal(await residentTotal(srv.url, token), before + 2);
  });
});

describe('Secure cookies', () => {
  test('X-Forwarded-Proto: https marks the cookies Secure', async () => {
    const page = new PageClient(srv.url);
    const form = await page.get('/inloggen', { headers: { 'x-forwarded-proto': 'https' } });
    assert.ok(form.cookies.find((c) => c.name === 'wr_login').attrs.secure);
    const r = await page.post('/inloggen', { username: 'km.dordrecht', password: PASSWORD }, { headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(r.status, 303);
    const s = r.cookies.find((c) => c.name === 'wr_session');
    assert.ok(s.attrs.secure, s.raw);
    assert.ok(s.attrs.httponly);
    assert.equal(s.attrs.samesite, 'Strict');
  });

  test('--secure-cookies marks them Secure without the header', async () => {
    const { dir, db } = await makeDatabase({ demo: false });
    const s2 = await serve({ dir, db, args: ['--secure-cookies'], ownsDir: true });
    try {
      const page = new PageClient(s2.url);
      const r = await page.login('admin', ADMIN_PASSWORD);
      assert.equal(r.status, 303);
      const c = r.cookies.find((x) => x.name === 'wr_session');
      assert.ok(c.attrs.secure, c.raw);
      assert.ok(c.attrs.httponly);
      assert.equal(c.attrs.samesite, 'Strict');
    } finally {
      await s2.stop();
    }
  });
});
