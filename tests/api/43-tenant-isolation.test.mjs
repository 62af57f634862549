// The tenant line: a klantmanager sees only the files of the municipalities
// they serve; other roles see no files; a resident sees only their own file
// and what is shared with them. Whatever may not be seen answers 404 exactly
// like what does not exist, through the API and through the pages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ADMIN_PASSWORD, PageClient, api, assertProblem, createResident, errorFields, login, openCase,
  residentBody, residentTotal, startServer,
} from './lib.mjs';

let srv;
const tokens = {};
let dord, dordCase, dordNote, pap, papCase;
const OTHERS = ['jobcoach', 'werkgever.merwedeoever', 'werkgever.lindehof', 'teamleider', 'admin', 'fg'];

before(async () => {
  srv = await startServer({ demo: true });
  for (const u of ['km.dordrecht', 'km.papendrecht', 'km.regio', 'inwoner', 'wgadviseur', ...OTHERS]) {
    tokens[u] = await login(srv.url, u, u === 'admin' ? ADMIN_PASSWORD : undefined);
  }
  dord = await createResident(srv.url, tokens['km.dordrecht'], { first_name: 'Dorien', last_name: 'Dordtenaar' });
  dordCase = await openCase(srv.url, tokens['km.dordrecht'], dord.id);
  const n = await api(srv.url, tokens['km.dordrecht'], 'POST', `/api/v1/cases/${dordCase.id}/notes`, { text: 'Geheim voor Papendrecht.' });
  assert.equal(n.status, 201);
  dordNote = n.json;
  pap = await createResident(srv.url, tokens['km.papendrecht'], { first_name: 'Pieter', last_name: 'Papendrechter', postcode: '3351 AB' });
  assert.equal(pap.municipality, 'GM0590');
  papCase = await openCase(srv.url, tokens['km.papendrecht'], pap.id);
});
after(() => srv?.stop());

async function snapshot() {
  const t = tokens['km.dordrecht'];
  const r = await api(srv.url, t, 'GET', `/api/v1/residents/${dord.id}`);
  const c = await api(srv.url, t, 'GET', `/api/v1/cases/${dordCase.id}`);
  const n = await api(srv.url, t, 'GET', `/api/v1/cases/${dordCase.id}/notes`);
  const cs = await api(srv.url, t, 'GET', `/api/v1/residents/${dord.id}/cases`);
  return { resident: r.json, case: c.json, notes: n.json, cases: cs.json.total };
}

describe('a klantmanager of another municipality', () => {
  test('gets 404 for a Dordrecht resident, case and notes by id, exactly like for nothing', async () => {
    const t = tokens['km.papendrecht'];
    const before = await snapshot();
    const nothing = await api(srv.url, t, 'GET', '/api/v1/residents/987654321');
    const calls = [
      ['GET', `/api/v1/residents/${dord.id}`],
      ['PATCH', `/api/v1/residents/${dord.id}`, { first_name: 'Gekaapt' }],
      ['GET', `/api/v1/residents/${dord.id}/cases`],
      ['POST', `/api/v1/residents/${dord.id}/cases`],
      ['GET', `/api/v1/cases/${dordCase.id}`],
      ['POST', `/api/v1/cases/${dordCase.id}/transitions`, { to: 'intake' }],
      ['POST', `/api/v1/cases/${dordCase.id}/transitions`, { to: 'afgesloten', reason: 'werk' }],
      ['GET', `/api/v1/cases/${dordCase.id}/notes`],
      ['POST', `/api/v1/cases/${dordCase.id}/notes`, { text: 'Ingebroken' }],
    ];
    for (const [method, p, body] of calls) {
      const r = await api(srv.url, t, method, p, body);
      assertProblem(r, 404, `${method} ${p}`);
      assert.deepEqual(r.json, nothing.json, `${method} ${p} answers like a missing object`);
      assert.ok(!r.text.includes('Dorien') && !r.text.includes(dord.bsn), 'no data in the answer');
    }
    assert.deepEqual(await snapshot(), before, 'nothing changed');
  });

  test('gets 404 pages for the Dordrecht resident and case, and cannot write through forms', async () => {
    const before = await snapshot();
    const page = new PageClient(srv.url);
    await page.loginOk('km.papendrecht');
    for (const p of [`/inwoners/${dord.id}`, `/inwoners/${dord.id}/bewerken`, `/dossiers/${dordCase.id}`]) {
      const r = await page.get(p);
      assert.equal(r.status, 404, p);
      assert.ok(!r.text.includes('Dorien') && !r.text.includes(dord.bsn), `${p} shows nothing of the file`);
    }
    await page.get('/inwoners/nieuw'); // a fresh csrf token
    const posts = [
      [`/inwoners/${dord.id}/dossiers`, {}],
      [`/dossiers/${dordCase.id}/fase`, { to: 'intake', reason: '' }],
      [`/dossiers/${dordCase.id}/notities`, { text: 'Ingebroken', visibility: 'professionals' }],
      [`/inwoners/${dord.id}/bewerken`, { ...residentBody({ bsn: dord.bsn, municipality: 'GM0505' }), first_name: 'Gekaapt' }],
    ];
    for (const [p, fields] of posts) {
      const r = await page.post(p, fields);
      assert.ok(r.status === 404 || r.status === 403, `${p}: ${r.status}`);
      assert.ok(!r.text.includes('Dorien'), `${p} shows nothing of the file`);
    }
    assert.deepEqual(await snapshot(), before, 'nothing changed');
  });

  test('never finds a Dordrecht resident: not by BSN, not by name, not in the full list', async () => {
    const t = tokens['km.papendrecht'];
    for (const q of [dord.bsn, 'Dorien Dordtenaar', 'dordtenaar', dord.postcode]) {
      const r = await api(srv.url, t, 'GET', `/api/v1/residents?limit=1000&q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200);
      assert.ok(!r.json.items.some((x) => x.id === dord.id), `q=${q}`);
      for (const x of r.json.items) assert.equal(x.municipality, 'GM0590', `q=${q}`);
    }
    assert.equal(await residentTotal(srv.url, t, dord.bsn), 0, 'the total does not count it either');
    const all = await api(srv.url, t, 'GET', '/api/v1/residents?limit=1000');
    assert.ok(all.json.total > 0 && all.json.total <= 1000);
    assert.equal(all.json.items.length, all.json.total);
    for (const x of all.json.items) assert.equal(x.municipality, 'GM0590');
    const page = new PageClient(srv.url);
    await page.loginOk('km.papendrecht');
    const p = await page.get(`/inwoners?q=${dord.bsn}`);
    assert.equal(p.status, 200);
    assert.ok(!p.text.includes(`/inwoners/${dord.id}"`));
    assert.match(p.text, /Geen inwoners gevonden\./);
  });

  test('cannot register a resident in Dordrecht: 403 naming the municipality, nothing written', async () => {
    const t = tokens['km.papendrecht'];
    const body = residentBody({ municipality: 'GM0505' });
    const r = await api(srv.url, t, 'POST', '/api/v1/residents', body);
    assertProblem(r, 403);
    assert.deepEqual(errorFields(r), ['municipality']);
    assert.equal(r.json.errors[0].message, 'Kies een gemeente waarvoor u werkt.');
    assert.equal(await residentTotal(srv.url, tokens['km.regio'], body.bsn), 0);
  });

  test('cannot move their own resident to Dordrecht (403), nor can Dordrecht take it', async () => {
    let r = await api(srv.url, tokens['km.papendrecht'], 'PATCH', `/api/v1/residents/${pap.id}`, { municipality: 'GM0505' });
    assertProblem(r, 403);
    assert.deepEqual(errorFields(r), ['municipality']);
    r = await api(srv.url, tokens['km.dordrecht'], 'PATCH', `/api/v1/residents/${pap.id}`, { municipality: 'GM0505' });
    assertProblem(r, 404);
    r = await api(srv.url, tokens['km.dordrecht'], 'PATCH', `/api/v1/residents/${dord.id}`, { municipality: 'GM0590' });
    assertProblem(r, 403);
    const g = await api(srv.url, tokens['km.papendrecht'], 'GET', `/api/v1/residents/${pap.id}`);
    assert.equal(g.json.municipality, 'GM0590');
    const d = await api(srv.url, tokens['km.dordrecht'], 'GET', `/api/v1/residents/${dord.id}`);
    assert.equal(d.json.municipality, 'GM0505');
  });
});

describe('a klantmanager of the whole region', () => {
  test('sees residents, cases and notes of both municipalities', async () => {
    const t = tokens['km.regio'];
    for (const [res, c] of [[dord, dordCase], [pap, papCase]]) {
      assert.equal((await api(srv.url, t, 'GET', `/api/v1/residents/${res.id}`)).status, 200);
      assert.equal((await api(srv.url, t, 'GET', `/api/v1/cases/${c.id}`)).status, 200);
      assert.equal((await api(srv.url, t, 'GET', `/api/v1/cases/${c.id}/notes`)).status, 200);
    }
    const notes = await api(srv.url, t, 'GET', `/api/v1/cases/${dordCase.id}/notes`);
    assert.ok(notes.json.items.some((n) => n.id === dordNote.id));
    const all = await api(srv.url, t, 'GET', '/api/v1/residents?limit=1000&q=dorien');
    assert.ok(all.json.items.some((x) => x.id === dord.id));
    // The region's count passes the cap (1000); each municipality's stays under it.
    const regio = (await api(srv.url, t, 'GET', '/api/v1/residents?limit=1')).json;
    const dordList = (await api(srv.url, tokens['km.dordrecht'], 'GET', '/api/v1/residents?limit=1')).json;
    const papList = (await api(srv.url, tokens['km.papendrecht'], 'GET', '/api/v1/residents?limit=1')).json;
    assert.equal(regio.total_capped, true, 'all 2,000 demo residents and more');
    assert.equal(dordList.total_capped, false);
    assert.equal(papList.total_capped, false);
    assert.ok(dordList.total > 0 && papList.total > 0 && dordList.total + papList.total < 2000);
    const page = new PageClient(srv.url);
    await page.loginOk('km.regio');
    assert.equal((await page.get(`/inwoners/${pap.id}`)).status, 200);
    assert.equal((await page.get(`/dossiers/${dordCase.id}`)).status, 200);
  });

  test('must name the municipality, and may register in any of the seven', async () => {
    const res = await createResident(srv.url, tokens['km.regio'], { municipality: 'GM0642' });
    assert.equal(res.municipality_name, 'Zwijndrecht');
    assertProblem(await api(srv.url, tokens['km.dordrecht'], 'GET', `/api/v1/residents/${res.id}`), 404);
    const out = await api(srv.url, tokens['km.regio'], 'POST', '/api/v1/residents', residentBody({ municipality: 'GM0363' }));
    assert.ok(out.status === 403 || out.status === 422, `Amsterdam is outside the region: ${out.status}`);
    assert.deepEqual(errorFields(out), ['municipality']);
  });
});

describe('the employer adviser: the matching profile, never the record', () => {
  // The adviser proposes candidates (tests/api/53-matching): a case's phase
  // and route, the matching profile, proposals. Not the resident's record
  // (BSN, address, birth date), no search through all residents, no notes,
  // no writes to the file.
  test('403 on search, 404 on the record and the notes, writes refused', async () => {
    const t = tokens.wgadviseur;
    assertProblem(await api(srv.url, t, 'GET', '/api/v1/residents'), 403, 'search');
    assertProblem(await api(srv.url, t, 'GET', `/api/v1/residents?q=${dord.bsn}`), 403, 'search by BSN');
    for (const p of [`/api/v1/residents/${dord.id}`, `/api/v1/residents/${pap.id}`]) {
      const r = await api(srv.url, t, 'GET', p);
      assertProblem(r, 404, `GET ${p}`);
      assert.ok(!r.text.includes(dord.bsn));
    }
    const notes = await api(srv.url, t, 'GET', `/api/v1/cases/${dordCase.id}/notes`);
    assert.ok(notes.status === 404 || (notes.status === 200 && notes.json.items.length === 0), notes.text);
    assert.ok(!notes.text.includes('Geheim'));
    const c = await api(srv.url, t, 'GET', `/api/v1/cases/${dordCase.id}`);
    assert.equal(c.status, 200, c.text);
    assert.ok(!c.text.includes(dord.bsn));
    const before = await snapshot();
    assertProblem(await api(srv.url, t, 'POST', '/api/v1/residents', residentBody({ municipality: 'GM0505' })), 403, 'creates');
    assertProblem(await api(srv.url, t, 'PATCH', `/api/v1/residents/${dord.id}`, { first_name: 'X' }), 404);
    assertProblem(await api(srv.url, t, 'POST', `/api/v1/residents/${dord.id}/cases`), 404);
    assertProblem(await api(srv.url, t, 'POST', `/api/v1/cases/${dordCase.id}/transitions`, { to: 'intake' }), 404);
    assertProblem(await api(srv.url, t, 'POST', `/api/v1/cases/${dordCase.id}/notes`, { text: 'x' }), 404);
    assert.deepEqual(await snapshot(), before);
  });
});

describe('roles that see no files', () => {
  for (const user of OTHERS) {
    test(`${user}: 403 on search, 404 by id, 403/404 on writes`, async () => {
      const t = tokens[user];
      assertProblem(await api(srv.url, t, 'GET', '/api/v1/residents'), 403, 'search');
      assertProblem(await api(srv.url, t, 'GET', `/api/v1/residents?q=${dord.bsn}`), 403, 'search by BSN');
      for (const p of [`/api/v1/residents/${dord.id}`, `/api/v1/residents/${pap.id}`,
        `/api/v1/residents/${dord.id}/cases`, `/api/v1/cases/${dordCase.id}`, `/api/v1/cases/${dordCase.id}/notes`]) {
        const r = await api(srv.url, t, 'GET', p);
        assertProblem(r, 404, `${user} GET ${p}`);
        assert.ok(!r.text.includes('Dorien'));
      }
      const before = await snapshot();
      const body = residentBody({ municipality: 'GM0505' });
      const c = await api(srv.url, t, 'POST', '/api/v1/residents', body);
      assertProblem(c, 403, `${user} creates`);
      assert.equal(await residentTotal(srv.url, tokens['km.regio'], body.bsn), 0);
      assertProblem(await api(srv.url, t, 'PATCH', `/api/v1/residents/${dord.id}`, { first_name: 'X' }), 404);
      assertProblem(await api(srv.url, t, 'POST', `/api/v1/residents/${dord.id}/cases`), 404);
      assertProblem(await api(srv.url, t, 'POST', `/api/v1/cases/${dordCase.id}/transitions`, { to: 'intake' }), 404);
      assertProblem(await api(srv.url, t, 'POST', `/api/v1/cases/${dordCase.id}/notes`, { text: 'x' }), 404);
      assert.deepEqual(await snapshot(), before);
    });
  }

  test('their pages show no files either', async () => {
    for (const user of ['jobcoach', 'werkgever.merwedeoever', 'teamleider']) {
      const page = new PageClient(srv.url);
      await page.loginOk(user);
      assert.equal((await page.get(`/inwoners/${dord.id}`)).status, 404, user);
      assert.equal((await page.get(`/dossiers/${dordCase.id}`)).status, 404, user);
      assert.equal((await page.get(`/inwoners?q=${dord.bsn}`)).status, 403, user);
      assert.equal((await page.get('/inwoners/nieuw')).status, 403, user);
    }
  });
});

describe('the resident user inwoner', () => {
  let own, ownCase, page;
  before(async () => {
    page = new PageClient(srv.url);
    const r = await page.login('inwoner');
    assert.equal(r.status, 303);
    const home = await page.get('/');
    assert.equal(home.status, 303);
    const m = /^\/inwoners\/(\d+)$/.exec(home.location);
    assert.ok(m, `/ sends the resident to their file: ${home.location}`);
    own = Number(m[1]);
    // a case with a note of each visibility, written by their klantmanager
    ownCase = await openCase(srv.url, tokens['km.dordrecht'], own);
    for (const visibility of ['professionals', 'internal', 'resident']) {
      const n = await api(srv.url, tokens['km.dordrecht'], 'POST', `/api/v1/cases/${ownCase.id}/notes`, { text: `Notitie ${visibility}`, visibility });
      assert.equal(n.status, 201);
    }
  });

  test('reads their own file and cases (200), nobody else\'s (404), and cannot search (403)', async () => {
    const t = tokens.inwoner;
    const r = await api(srv.url, t, 'GET', `/api/v1/residents/${own}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.municipality, 'GM0505');
    const cs = await api(srv.url, t, 'GET', `/api/v1/residents/${own}/cases`);
    assert.equal(cs.status, 200);
    assert.ok(cs.json.items.some((c) => c.id === ownCase.id));
    assert.equal((await api(srv.url, t, 'GET', `/api/v1/cases/${ownCase.id}`)).status, 200);
    for (const p of [`/api/v1/residents/${dord.id}`, `/api/v1/residents/${dord.id}/cases`, `/api/v1/cases/${dordCase.id}`,
      `/api/v1/cases/${dordCase.id}/notes`, `/api/v1/residents/${own + 1}`]) {
      assertProblem(await api(srv.url, t, 'GET', p), 404, p);
    }
    assertProblem(await api(srv.url, t, 'GET', '/api/v1/residents'), 403);
    assertProblem(await api(srv.url, t, 'GET', `/api/v1/residents?q=${dord.bsn}`), 403);
  });

  test('changes nothing through the API', async () => {
    const t = tokens.inwoner;
    const before = await api(srv.url, tokens['km.dordrecht'], 'GET', `/api/v1/cases/${ownCase.id}`);
    assertProblem(await api(srv.url, t, 'PATCH', `/api/v1/residents/${own}`, { first_name: 'Ikzelf' }), 404);
    assertProblem(await api(srv.url, t, 'POST', `/api/v1/residents/${own}/cases`), 404);
    assertProblem(await api(srv.url, t, 'POST', `/api/v1/cases/${ownCase.id}/transitions`, { to: 'intake' }), 404);
    assertProblem(await api(srv.url, t, 'POST', `/api/v1/cases/${ownCase.id}/notes`, { text: 'Hallo' }), 404);
    assertProblem(await api(srv.url, t, 'POST', '/api/v1/residents', residentBody({ municipality: 'GM0505' })), 403);
    const after = await api(srv.url, tokens['km.dordrecht'], 'GET', `/api/v1/cases/${ownCase.id}`);
    assert.deepEqual(after.json, before.json);
  });

  test('is offered no edit link it cannot use', async () => {
    const f = await page.get(`/inwoners/${own}`);
    assert.equal(f.status, 200);
    assert.equal((await page.get(`/inwoners/${own}/bewerken`)).status, 403, 'editing is for professionals');
    assert.ok(!f.text.includes(`/inwoners/${own}/bewerken`), 'the resident page links to an edit form that answers 403');
  });

  test('reads only the notes shared with them (API)', async () => {
    const r = await api(srv.url, tokens.inwoner, 'GET', `/api/v1/cases/${ownCase.id}/notes`);
    assert.equal(r.status, 200, `the resident's own case notes: ${r.status} ${r.text}`);
    assert.deepEqual(r.json.items.map((n) => n.text), ['Notitie resident']);
    assert.equal(r.json.total, 1);
  });

  test('sees their own file and case as pages, with only the shared notes', async () => {
    const f = await page.get(`/inwoners/${own}`);
    assert.equal(f.status, 200);
    assert.ok(f.text.includes(`/dossiers/${ownCase.id}`));
    assert.ok(!f.text.includes('Nieuw dossier openen'), 'no button to open a case');
    const c = await page.get(`/dossiers/${ownCase.id}`);
    assert.equal(c.status, 200, `the resident's own case page: ${c.status}`);
    assert.ok(c.text.includes('Notitie resident'));
    assert.ok(!c.text.includes('Notitie professionals'));
    assert.ok(!c.text.includes('Notitie internal'));
    assert.equal((await page.get(`/inwoners/${dord.id}`)).status, 404);
    assert.equal((await page.get(`/dossiers/${dordCase.id}`)).status, 404);
  });
});

describe('users and the audit log', () => {
  test('only admin lists users, with username, role, organisation_id and municipalities', async () => {
    const r = await api(srv.url, tokens.admin, 'GET', '/api/v1/users');
    assert.equal(r.status, 200);
    assert.equal(r.json.total, r.json.items.length);
    const byName = Object.fromEntries(r.json.items.map((u) => [u.username, u]));
    for (const u of r.json.items) {
      assert.equal(typeof u.username, 'string');
      assert.equal(typeof u.role, 'string');
      assert.ok(Number.isInteger(u.organisation_id));
      assert.ok(Array.isArray(u.municipalities));
      assert.ok(!('password_hash' in u) && !JSON.stringify(u).includes('$argon2'), 'no password hashes');
    }
    assert.deepEqual(byName['km.dordrecht'].municipalities, ['GM0505']);
    assert.equal(byName['km.dordrecht'].role, 'case_manager');
    assert.deepEqual(byName['km.papendrecht'].municipalities, ['GM0590']);
    assert.equal(byName['km.regio'].municipalities.length, 7);
    assert.equal(byName.fg.role, 'auditor');
    assert.equal(byName.inwoner.role, 'resident');
    assert.equal(byName.admin.role, 'admin');
    for (const user of ['km.dordrecht', 'km.regio', 'fg', 'inwoner', 'teamleider', 'jobcoach', 'werkgever.lindehof']) {
      assertProblem(await api(srv.url, tokens[user], 'GET', '/api/v1/users'), 403, user);
    }
  });

  test('only fg (auditor) reads the audit log', async () => {
    const r = await api(srv.url, tokens.fg, 'GET', '/api/v1/audit?limit=5');
    assert.equal(r.status, 200);
    assert.equal(r.json.items.length, 5);
    for (const user of ['admin', 'km.dordrecht', 'km.regio', 'teamleider', 'inwoner', 'jobcoach']) {
      assertProblem(await api(srv.url, tokens[user], 'GET', '/api/v1/audit'), 403, user);
    }
  });

  test('the pages for users and the audit log follow the same rules', async () => {
    const admin = new PageClient(srv.url);
    await admin.loginOk('admin', ADMIN_PASSWORD);
    assert.equal((await admin.get('/beheer/gebruikers')).status, 200);
    assert.equal((await admin.get('/inzagelog')).status, 403);
    assert.equal((await admin.get(`/inwoners/${dord.id}`)).status, 404);
    const fg = new PageClient(srv.url);
    await fg.loginOk('fg');
    assert.equal((await fg.get('/inzagelog')).status, 200);
    assert.equal((await fg.get('/beheer/gebruikers')).status, 403);
    const km = new PageClient(srv.url);
    await km.loginOk('km.dordrecht');
    assert.equal((await km.get('/inzagelog')).status, 403);
    assert.equal((await km.get('/beheer/gebruikers')).status, 403);
  });
});
