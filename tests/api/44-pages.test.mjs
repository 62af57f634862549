// The HTML pages with a cookie client: login redirect, caseload, search,
// the resident form with inline errors, a case with notes and phase moves,
// logout, security headers and escaping.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ADMIN_PASSWORD, PageClient, api, createResident, freshBsn, login, residentTotal, startServer,
} from './lib.mjs';

let srv, token, page;
before(async () => {
  srv = await startServer({ demo: true });
  token = await login(srv.url, 'km.dordrecht');
  page = new PageClient(srv.url);
  await page.loginOk('km.dordrecht');
});
after(() => srv?.stop());

/** The caseload's count for a phase label on the home page. */
function phaseCount(html, label) {
  const re = new RegExp(`<span class="wr-phase-card__label">${label}</span>\\s*<span class="wr-phase-card__count">(\\d+)</span>`);
  const m = re.exec(html);
  assert.ok(m, `home shows a count for ${label}`);
  return Number(m[1]);
}

describe('without a session', () => {
  test('a page sends you to /inloggen?next=...', async () => {
    const anon = new PageClient(srv.url);
    let r = await anon.get('/');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/inloggen?next=%2F');
    r = await anon.get('/inwoners/12');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/inloggen?next=%2Finwoners%2F12');
    r = await anon.get('/dossiers/5');
    assert.equal(r.location, '/inloggen?next=%2Fdossiers%2F5');
  });

  test('a made-up session cookie is no session', async () => {
    const anon = new PageClient(srv.url);
    anon.cookies.set('wr_session', 'A'.repeat(43));
    const r = await anon.get('/');
    assert.equal(r.status, 303);
    assert.match(r.location, /^\/inloggen/);
  });

  test('the login page is a complete Dutch page with security headers', async () => {
    const r = await fetch(`${srv.url}/inloggen`);
    const html = await r.text();
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<html lang="nl">/);
    assert.match(html, /<form[^>]+method="post" action="\/inloggen"/);
    const csp = r.headers.get('content-security-policy');
    assert.ok(csp, 'Content-Security-Policy');
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(r.headers.get('cache-control'), 'no-store');
  });

  test('the login page does not reflect next= unescaped', async () => {
    const r = await fetch(`${srv.url}/inloggen?next=%2F%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    const html = await r.text();
    assert.equal(r.status, 200);
    assert.ok(!html.includes('<script>alert(1)'));
    assert.ok(html.includes('&lt;script&gt;') || html.includes('name="next" value="/"'));
  });

  test('the favicon is there', async () => {
    const r = await fetch(`${srv.url}/favicon.ico`);
    assert.equal(r.status, 200);
    await r.arrayBuffer();
  });
});

describe('a klantmanager at work', () => {
  test('login sends you home, which shows "Mijn caseload" with counts per phase', async () => {
    const p = new PageClient(srv.url);
    const r = await p.login('km.dordrecht');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/');
    const home = await p.get('/');
    assert.equal(home.status, 200);
    assert.match(home.text, /<h1[^>]*>Mijn caseload<\/h1>/);
    assert.match(home.text, /<title>Mijn caseload - Werkroute<\/title>/);
    let sum = 0;
    for (const label of ['Aanmelding', 'Intake', 'Plan van aanpak', 'Uitvoering', 'Nazorg', 'Afgesloten']) {
      sum += phaseCount(home.text, label);
    }
    assert.ok(sum > 0, 'the demo gave km.dordrecht cases');
    assert.match(home.text, /href="\/dossiers\/\d+"/);
    assert.match(home.text, /Fatima el Idrissi/, 'the user is named in the header');
    for (const h of ['content-security-policy', 'x-frame-options', 'x-content-type-options']) {
      assert.ok(home.headers.get(h), h);
    }
    assert.equal(home.headers.get('x-frame-options'), 'DENY');
    assert.equal(home.headers.get('x-content-type-options'), 'nosniff');
  });

  test('/inwoners?q= lists matches with links; nothing found says so', async () => {
    const res = await createResident(srv.url, token, { first_name: 'Zoë', last_name: 'Zoekbaar' });
    let r = await page.get('/inwoners?q=zoe+zoekbaar');
    assert.equal(r.status, 200);
    assert.ok(r.text.includes(`href="/inwoners/${res.id}"`));
    assert.ok(r.text.includes('Zoë Zoekbaar'));
    assert.ok(r.text.includes(res.bsn));
    assert.match(r.text, /value="zoe zoekbaar"/, 'the search box keeps the query');
    r = await page.get('/inwoners?q=qqqxxxzzz');
    assert.equal(r.status, 200);
    assert.match(r.text, /Geen inwoners gevonden\./);
    r = await page.get('/inwoners');
    assert.equal(r.status, 200);
    assert.doesNotMatch(r.text, /Geen inwoners gevonden/, 'no search, no "nothing found"');
    r = await page.get('/inwoners?q=&offset=abc');
    assert.equal(r.status, 400);
    r = await page.get('/inwoners?q=a+b+c+d+e+f+g+h+i');
    assert.equal(r.status, 400);
    assert.match(r.text, /Zoek met hoogstens 8 woorden\./);
  });

  test('paging links on a long result', async () => {
    const r = await page.get('/inwoners?q=');
    assert.equal(r.status, 200);
    assert.match(r.text, /href="\/inwoners\?q=&amp;offset=25"/);
    const next = await page.get('/inwoners?q=&offset=25');
    assert.equal(next.status, 200);
    assert.match(next.text, /href="\/inwoners\?q=&amp;offset=0"/);
  });

  test('the new-resident form: errors give a 422 page that keeps the input and explains in Dutch', async () => {
    const form = await page.get('/inwoners/nieuw');
    assert.equal(form.status, 200);
    assert.match(form.text, /<form[^>]+action="\/inwoners\/nieuw"/);
    assert.match(form.text, /<option value="GM0505" selected>Dordrecht<\/option>/);
    const before = await residentTotal(srv.url, token);
    const r = await page.post('/inwoners/nieuw', {
      bsn: '123456789', first_name: 'Getypt', prefix: '', last_name: 'Tekst & Zo',
      birth_date: '2023-02-29', postcode: '3311ab', municipality: 'GM0505', email: '', phone: '',
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /Dit is geen geldig BSN \(elfproef\)\./);
    assert.match(r.text, /Vul een datum in als JJJJ-MM-DD\./);
    assert.match(r.text, /id="bsn" name="bsn" value="123456789"[^>]*aria-invalid="true"/);
    assert.match(r.text, /aria-describedby="bsn-error"/);
    assert.match(r.text, /id="first_name" name="first_name" value="Getypt"/);
    assert.doesNotMatch(r.text, /id="first_name"[^>]*aria-invalid/, 'a good field is not marked');
    assert.match(r.text, /value="Tekst &amp; Zo"/);
    assert.match(r.text, /value="3311ab"/, 'what was typed, not the cleaned-up value');
    assert.match(r.text, /id="birth_date" name="birth_date" value="2023-02-29"[^>]*aria-invalid="true"/);
    assert.match(r.text, /role="alert"/);
    assert.match(r.text, /href="#bsn"/, 'the error summary links to the field');
    assert.equal(await residentTotal(srv.url, token), before, 'nothing written');
  });

  test('an empty form names every required field', async () => {
    const r = await page.post('/inwoners/nieuw', { bsn: '', first_name: '', last_name: '', birth_date: '', postcode: '', municipality: '' });
    assert.equal(r.status, 422);
    for (const f of ['bsn', 'first_name', 'last_name', 'birth_date', 'postcode', 'municipality']) {
      assert.match(r.text, new RegExp(`id="${f}"[^>]*aria-invalid="true"`), f);
    }
    assert.match(r.text, /Dit veld is verplicht\./);
  });

  test('a duplicate BSN on the form is 409 with the Dutch message', async () => {
    const res = await createResident(srv.url, token);
    const r = await page.post('/inwoners/nieuw', {
      bsn: res.bsn, first_name: 'Dubbel', last_name: 'Ganger', birth_date: '1990-01-01', postcode: '3311 AB', municipality: 'GM0505',
    });
    assert.equal(r.status, 409);
    assert.match(r.text, /Er is al een inwoner met dit BSN\./);
  });

  let residentId, caseId;
  test('a valid form: 303 to the new resident, whose page shows them', async () => {
    const bsn = freshBsn();
    const r = await page.post('/inwoners/nieuw', {
      bsn, first_name: 'Pagina', prefix: 'van', last_name: 'Formulier', birth_date: '1979-12-31',
      postcode: '3312ab', municipality: 'GM0505', email: 'pagina@example.nl', phone: '078-1234567',
    });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    const m = /^\/inwoners\/(\d+)\?melding=opgeslagen$/.exec(r.location);
    assert.ok(m, r.location);
    residentId = Number(m[1]);
    const show = await page.get(r.location);
    assert.equal(show.status, 200);
    assert.match(show.text, /<h1[^>]*>Pagina van Formulier<\/h1>/);
    assert.match(show.text, /De gegevens zijn opgeslagen\./);
    assert.ok(show.text.includes(bsn));
    assert.ok(show.text.includes('3312 AB'));
    assert.ok(show.text.includes('31 december 1979'), 'a Dutch date');
    assert.ok(show.text.includes('pagina@example.nl'));
    const api1 = await api(srv.url, token, 'GET', `/api/v1/residents/${residentId}`);
    assert.equal(api1.json.last_name, 'Formulier');
  });

  test('the edit form changes a field and keeps the BSN', async () => {
    const form = await page.get(`/inwoners/${residentId}/bewerken`);
    assert.equal(form.status, 200);
    assert.match(form.text, /id="bsn" name="bsn" value="\d{9}"[^>]*readonly/);
    const g = (await api(srv.url, token, 'GET', `/api/v1/residents/${residentId}`)).json;
    const r = await page.post(`/inwoners/${residentId}/bewerken`, {
      bsn: g.bsn, first_name: 'Paginanieuw', prefix: 'van', last_name: 'Formulier', birth_date: g.birth_date,
      postcode: g.postcode, municipality: 'GM0505', email: '', phone: g.phone,
    });
    assert.equal(r.status, 303);
    const after = (await api(srv.url, token, 'GET', `/api/v1/residents/${residentId}`)).json;
    assert.equal(after.first_name, 'Paginanieuw');
    assert.equal(after.email, '');
    assert.equal(after.bsn, g.bsn);
    const bad = await page.post(`/inwoners/${residentId}/bewerken`, {
      bsn: freshBsn(), first_name: 'X', last_name: 'Y', birth_date: g.birth_date, postcode: g.postcode, municipality: 'GM0505',
    });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Het BSN kan niet worden gewijzigd\./);
    assert.equal((await api(srv.url, token, 'GET', `/api/v1/residents/${residentId}`)).json.first_name, 'Paginanieuw');
  });

  test('opening a case: 303 to the case page, and the caseload counts it', async () => {
    const before = phaseCount((await page.get('/')).text, 'Aanmelding');
    await page.get(`/inwoners/${residentId}`);
    const r = await page.post(`/inwoners/${residentId}/dossiers`, {});
    assert.equal(r.status, 303);
    const m = /^\/dossiers\/(\d+)\?melding=dossier_geopend$/.exec(r.location);
    assert.ok(m, r.location);
    caseId = Number(m[1]);
    const show = await page.get(r.location);
    assert.equal(show.status, 200);
    assert.match(show.text, new RegExp(`<h1[^>]*>Dossier ${caseId}</h1>`));
    assert.match(show.text, /Het dossier is geopend\./);
    assert.match(show.text, /wr-phase--aanmelding">Aanmelding</);
    assert.match(show.text, /<option value="intake">Intake<\/option>/);
    const after = phaseCount((await page.get('/')).text, 'Aanmelding');
    assert.equal(after, before + 1);
    const resident = await page.get(`/inwoners/${residentId}`);
    assert.ok(resident.text.includes(`href="/dossiers/${caseId}"`));
  });

  test('adding a note: 303, then shown escaped; an empty note is a 422 with the inline error', async () => {
    await page.get(`/dossiers/${caseId}`);
    let r = await page.post(`/dossiers/${caseId}/notities`, { text: '<b>Vet</b> & "gequote" notitie', visibility: 'resident' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/dossiers/${caseId}?melding=notitie_opgeslagen#journaal`);
    const show = await page.get(`/dossiers/${caseId}?melding=notitie_opgeslagen`);
    assert.ok(show.text.includes('&lt;b&gt;Vet&lt;/b&gt; &amp; &quot;gequote&quot; notitie') || show.text.includes('&lt;b&gt;Vet&lt;/b&gt; &amp; &#34;gequote&#34; notitie'), 'escaped');
    assert.ok(!show.text.includes('<b>Vet</b>'));
    assert.match(show.text, /Ook zichtbaar voor de inwoner/);
    const notes = await api(srv.url, token, 'GET', `/api/v1/cases/${caseId}/notes`);
    assert.equal(notes.json.items[0].text, '<b>Vet</b> & "gequote" notitie');
    r = await page.post(`/dossiers/${caseId}/notities`, { text: '', visibility: 'professionals' });
    assert.equal(r.status, 422);
    assert.match(r.text, /Dit veld is verplicht\./);
    assert.match(r.text, /id="text"[^>]*aria-invalid="true"/);
    const long = 'a'.repeat(10_001);
    r = await page.post(`/dossiers/${caseId}/notities`, { text: long, visibility: 'professionals' });
    assert.equal(r.status, 422);
    assert.ok(r.text.includes(long), 'the typed text is kept');
    assert.equal((await api(srv.url, token, 'GET', `/api/v1/cases/${caseId}/notes`)).json.total, 1);
  });

  test('moving the phase: allowed 303, a jump 409, closing without a reason 422, with one 303', async () => {
    let r = await page.post(`/dossiers/${caseId}/fase`, { to: 'intake', reason: '' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/dossiers/${caseId}?melding=fase_gewijzigd`);
    let show = await page.get(r.location);
    assert.match(show.text, /wr-phase--intake">Intake</);
    assert.match(show.text, /De fase is gewijzigd\./);
    r = await page.post(`/dossiers/${caseId}/fase`, { to: 'nazorg', reason: '' });
    assert.equal(r.status, 409);
    assert.match(r.text, /Deze faseovergang is vanuit de huidige fase niet toegestaan\./);
    r = await page.post(`/dossiers/${caseId}/fase`, { to: 'afgesloten', reason: '' });
    assert.equal(r.status, 422);
    assert.match(r.text, /Kies een reden van afsluiten\./);
    r = await page.post(`/dossiers/${caseId}/fase`, { to: 'plan', reason: 'werk' });
    assert.equal(r.status, 303, 'the reason select is ignored unless closing');
    r = await page.post(`/dossiers/${caseId}/fase`, { to: 'nonsens', reason: '' });
    assert.equal(r.status, 422);
    assert.match(r.text, /Kies een geldige fase\./);
    r = await page.post(`/dossiers/${caseId}/fase`, { to: 'afgesloten', reason: 'opleiding' });
    assert.equal(r.status, 303);
    show = await page.get(`/dossiers/${caseId}`);
    assert.match(show.text, /wr-phase--afgesloten">Afgesloten</);
    assert.match(show.text, /Opleiding gestart/);
    const c = await api(srv.url, token, 'GET', `/api/v1/cases/${caseId}`);
    assert.deepEqual(c.json.history.map((h) => h.to), ['aanmelding', 'intake', 'plan', 'afgesloten']);
  });

  test('invalid UTF-8 in a form post is a 400 page and writes nothing', async () => {
    const before = await residentTotal(srv.url, token);
    await page.get('/inwoners/nieuw');
    const good = new URLSearchParams({ csrf: page.csrf, bsn: freshBsn(), first_name: 'Kapot', last_name: 'Teken', birth_date: '1980-01-01', postcode: '3311 AB', municipality: 'GM0505' }).toString();
    for (const body of [good.replace('Kapot', 'Ka%FFpot'), good.replace('Kapot', 'Ka%C3pot'),
      Buffer.concat([Buffer.from(good.replace('Kapot', 'Ka')), Buffer.from([0xff]), Buffer.from('pot')]),
      good.replace('Kapot', 'Ka%00pot'), good.replace('Kapot', 'Ka%G1pot')]) {
      const r = await page.request('POST', '/inwoners/nieuw', { body });
      assert.equal(r.status, 400, String(body).slice(0, 80));
      assert.match(r.headers.get('content-type'), /text\/html/);
      assert.match(r.text, /Het verzoek is ongeldig\./);
    }
    assert.equal(await residentTotal(srv.url, token), before);
  });

  test('query strings are not reflected unescaped', async () => {
    let r = await page.get('/inwoners?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    assert.equal(r.status, 200);
    assert.ok(!r.text.includes('<script>alert(1)'));
    assert.ok(r.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    r = await page.get('/?melding=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    assert.ok(!r.text.includes('<script>alert(1)'));
    r = await page.get('/inwoners?q=%22%3E%3Cimg%20src%3Dx%3E');
    assert.ok(!r.text.includes('"><img src=x>'));
  });
});

describe('logout and other homes', () => {
  test('POST /uitloggen ends the session: the old cookie opens nothing any more', async () => {
    const p = new PageClient(srv.url);
    await p.loginOk('km.dordrecht');
    const cookie = p.cookies.get('wr_session');
    // without the csrf field it is refused and the session lives on
    let r = await p.request('POST', '/uitloggen', { body: {} });
    assert.equal(r.status, 403);
    assert.equal((await p.get('/')).status, 200);
    r = await p.post('/uitloggen', {});
    assert.equal(r.status, 303);
    assert.equal(r.location, '/inloggen?melding=uitgelogd');
    const cleared = r.cookies.find((c) => c.name === 'wr_session');
    assert.ok(cleared && cleared.value === '' && cleared.attrs['max-age'] === '0', 'the cookie is cleared');
    const after = await p.get(r.location);
    assert.match(after.text, /U bent uitgelogd\./);
    // replay the old cookie: the session is gone on the server, not just in the browser
    const old = new PageClient(srv.url);
    old.cookies.set('wr_session', cookie);
    const home = await old.get('/');
    assert.equal(home.status, 303);
    assert.match(home.location, /^\/inloggen/);
    const a = await api(srv.url, null, 'GET', '/api/v1/residents?limit=1', undefined, { cookie: `wr_session=${cookie}` });
    assert.equal(a.status, 401);
  });

  test('admin is sent to the users page and fg to the audit log', async () => {
    const admin = new PageClient(srv.url);
    await admin.login('admin', ADMIN_PASSWORD);
    let r = await admin.get('/');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/beheer/gebruikers');
    r = await admin.get('/beheer/gebruikers');
    assert.equal(r.status, 200);
    assert.ok(r.text.includes('km.dordrecht'));
    const fg = new PageClient(srv.url);
    await fg.login('fg');
    r = await fg.get('/');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/inzagelog');
  });
});
