// Referrals between partners, the resident's consents, the organisations
// list and the task inbox, over the API and the pages: a klantmanager
// (km.dordrecht) refers, the jobcoach of Drechtwerk answers; only an
// accepted referral lets her see the case, never the municipality's
// internal notes, and ending it ends that at the next request; an employer
// sees a file only while the resident's consent is in force.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  PageClient, api, assertProblem, createResident, errorFields, login, openCase, startServer,
} from './lib.mjs';

let srv, km, jc, emp, drechtwerk, municipal, employer;
before(async () => {
  srv = await startServer({ demo: true });
  [km, jc, emp] = await Promise.all([login(srv.url, 'km.dordrecht'), login(srv.url, 'jobcoach'),
    login(srv.url, 'werkgever.merwedeoever')]);
  const orgs = (await api(srv.url, km, 'GET', '/api/v1/organisations')).json.items;
  drechtwerk = orgs.find((o) => o.name === 'Drechtwerk');
  municipal = orgs.find((o) => o.kind === 'municipal');
  employer = orgs.find((o) => o.name.includes('Merwedeoever'));
  assert.ok(drechtwerk && municipal && employer, 'demo organisations');
});
after(() => srv?.stop());

const get = (token, p) => api(srv.url, token, 'GET', p);
const post = (token, p, body) => api(srv.url, token, 'POST', p, body);
const refer = (caseId, body) => post(km, `/api/v1/cases/${caseId}/referrals`, body);
const basis = 'Participatiewet art. 7 en 10';

/** A new Dordrecht resident with an open case and two notes of the municipality. */
async function newCase(name) {
  const r = await createResident(srv.url, km, { first_name: name, last_name: 'Verwezen' });
  const c = await openCase(srv.url, km, r.id);
  assert.equal((await post(km, `/api/v1/cases/${c.id}/notes`, { text: `Gesprek met ${name}.` })).status, 201);
  assert.equal((await post(km, `/api/v1/cases/${c.id}/notes`, { text: `Interne afweging ${name}.`, visibility: 'internal' })).status, 201);
  return { resident: r, kase: c };
}

describe('organisations', () => {
  test('professionals list them with their kind, optionally of one kind', async () => {
    let r = await get(km, '/api/v1/organisations');
    assert.equal(r.status, 200);
    assert.equal(r.json.total, r.json.items.length);
    for (const o of r.json.items) {
      assert.equal(typeof o.id, 'number');
      assert.ok(['municipal', 'social_work_company', 'employer', 'other'].includes(o.kind));
    }
    r = await get(jc, '/api/v1/organisations?kind=social_work_company');
    assert.equal(r.status, 200);
    assert.ok(r.json.items.length >= 1);
    assert.ok(r.json.items.every((o) => o.kind === 'social_work_company'));
    assertProblem(await get(km, '/api/v1/organisations?kind=gemeente'), 400);
    assertProblem(await get(null, '/api/v1/organisations'), 401);
  });

  test('a resident does not get the list', async () => {
    const inwoner = await login(srv.url, 'inwoner');
    assertProblem(await get(inwoner, '/api/v1/organisations'), 403);
  });
});

describe('the referral flow (klantmanager and jobcoach)', () => {
  let kase, resident, referral;
  before(async () => ({ kase, resident } = await newCase('Anouk')));

  test('without a referral the jobcoach sees nothing of the file', async () => {
    assertProblem(await get(jc, `/api/v1/cases/${kase.id}`), 404);
    assertProblem(await get(jc, `/api/v1/residents/${resident.id}`), 404);
    assertProblem(await get(jc, `/api/v1/cases/${kase.id}/notes`), 404);
    assertProblem(await get(jc, `/api/v1/cases/${kase.id}/referrals`), 404);
    assertProblem(await post(jc, `/api/v1/cases/${kase.id}/notes`, { text: 'Mag niet.' }), 404);
  });

  test('the klantmanager refers the case: 201 aangevraagd with Location', async () => {
    const r = await refer(kase.id, { organisation_id: drechtwerk.id, purpose: 'jobcoaching', legal_basis: basis });
    assert.equal(r.status, 201, r.text);
    referral = r.json;
    assert.equal(r.headers.get('location'), `/api/v1/referrals/${referral.id}`);
    assert.equal(referral.status, 'aangevraagd');
    assert.equal(referral.case_id, kase.id);
    assert.equal(referral.organisation_id, drechtwerk.id);
    assert.equal(referral.organisation_name, 'Drechtwerk');
    assert.equal(referral.purpose, 'jobcoaching');
    assert.equal(referral.purpose_label, 'Jobcoaching');
    assert.equal(referral.legal_basis, basis);
    assert.equal(referral.activity_key, null);
    assert.equal(referral.created_by, 'Fatima el Idrissi');
    const list = await get(km, `/api/v1/cases/${kase.id}/referrals`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.items.map((f) => f.id), [referral.id]);
  });

  test('pending: in the jobcoach inbox with name, municipality, purpose and basis; the file still closed', async () => {
    const r = await get(jc, '/api/v1/referrals');
    assert.equal(r.status, 200);
    const mine = r.json.pending.find((f) => f.id === referral.id);
    assert.ok(mine, 'the new referral awaits her answer');
    assert.equal(mine.resident_name, 'Anouk Verwezen');
    assert.equal(mine.municipality_name, 'Dordrecht');
    assert.equal(mine.purpose, 'jobcoaching');
    assert.equal(mine.legal_basis, basis);
    assert.equal(r.json.total, r.json.pending.length + r.json.active.length);
    assertProblem(await get(jc, `/api/v1/cases/${kase.id}`), 404);
    assertProblem(await get(jc, `/api/v1/residents/${resident.id}`), 404);
    assertProblem(await get(jc, `/api/v1/cases/${kase.id}/notes`), 404);
    // The klantmanager's inbox holds nothing: referrals are answered by partners.
    const kmInbox = await get(km, '/api/v1/referrals');
    assert.equal(kmInbox.status, 200);
    assert.equal(kmInbox.json.total, 0);
  });

  test('the klantmanager cannot accept for the partner (403); an unknown referral is 404', async () => {
    assertProblem(await post(km, `/api/v1/referrals/${referral.id}/accept`), 403);
    assertProblem(await post(jc, '/api/v1/referrals/987654321/accept'), 404);
    assertProblem(await post(jc, '/api/v1/referrals/987654321/decline', { reason: 'x' }), 404);
    assertProblem(await post(jc, '/api/v1/referrals/987654321/end'), 404);
  });

  test('accepted: the jobcoach sees the case and resident, not the internal note, and reports back', async () => {
    let r = await post(jc, `/api/v1/referrals/${referral.id}/accept`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'geaccepteerd');
    assert.equal(r.json.decided_by, 'Gerda Mulder');
    assertProblem(await post(jc, `/api/v1/referrals/${referral.id}/accept`), 409);
    assertProblem(await post(jc, `/api/v1/referrals/${referral.id}/decline`, { reason: 'Toch niet' }), 409);
    assert.equal((await get(jc, `/api/v1/cases/${kase.id}`)).status, 200);
    assert.equal((await get(jc, `/api/v1/residents/${resident.id}`)).status, 200);
    r = await get(jc, `/api/v1/cases/${kase.id}/notes`);
    assert.equal(r.status, 200);
    const texts = r.json.items.map((n) => n.text);
    assert.ok(texts.includes('Gesprek met Anouk.'));
    assert.ok(!texts.includes('Interne afweging Anouk.'), 'no internal note of the municipality');
    r = await post(jc, `/api/v1/cases/${kase.id}/notes`, { text: 'Voortgang: eerste werkdag goed verlopen.' });
    assert.equal(r.status, 201, r.text);
    r = await get(km, `/api/v1/cases/${kase.id}/notes`);
    assert.ok(r.json.items.some((n) => n.text === 'Voortgang: eerste werkdag goed verlopen.' && n.author === 'Gerda Mulder'));
    r = await get(jc, `/api/v1/cases/${kase.id}/referrals`);
    assert.equal(r.status, 200);
    assert.ok(r.json.items.every((f) => f.organisation_id === drechtwerk.id));
    r = await get(jc, '/api/v1/referrals');
    assert.ok(r.json.active.some((f) => f.id === referral.id));
    assert.ok(!r.json.pending.some((f) => f.id === referral.id));
    // Still nothing for an employer without consent.
    assertProblem(await get(emp, `/api/v1/cases/${kase.id}`), 404);
  });

  test('ended: the access ends at the very next request', async () => {
    const r = await post(jc, `/api/v1/referrals/${referral.id}/end`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'beeindigd');
    assert.equal(r.json.ended_by, 'Gerda Mulder');
    assertProblem(await get(jc, `/api/v1/cases/${kase.id}`), 404);
    assertProblem(await get(jc, `/api/v1/residents/${resident.id}`), 404);
    assertProblem(await get(jc, `/api/v1/cases/${kase.id}/notes`), 404);
    assertProblem(await post(jc, `/api/v1/cases/${kase.id}/notes`, { text: 'Te laat.' }), 404);
    assertProblem(await post(km, `/api/v1/referrals/${referral.id}/end`), 409);
    const list = await get(km, `/api/v1/cases/${kase.id}/referrals`);
    assert.equal(list.json.items[0].status, 'beeindigd');
  });

  test('every refusal of the jobcoach is in the audit log with allowed false', async () => {
    const fg = await login(srv.url, 'fg');
    const r = await get(fg, `/api/v1/audit?resident_id=${resident.id}&username=jobcoach&limit=200`);
    assert.equal(r.status, 200, r.text);
    const refused = r.json.items.filter((e) => e.allowed === false);
    assert.ok(refused.length >= 8, `refusals logged: ${refused.length}`);
    assert.ok(refused.some((e) => e.reason === 'no_referral'));
    assert.ok(r.json.items.some((e) => e.allowed === true && e.action === 'referral.decide'));
  });
});

describe('declining', () => {
  let kase, referral;
  before(async () => {
    ({ kase } = await newCase('Bas'));
    referral = (await refer(kase.id, { organisation_id: drechtwerk.id, purpose: 'diagnose', legal_basis: basis })).json;
  });

  test('a decline needs a reason', async () => {
    let r = await post(jc, `/api/v1/referrals/${referral.id}/decline`, {});
    assertProblem(r, 400);
    assert.deepEqual(errorFields(r), ['reason']);
    r = await post(jc, `/api/v1/referrals/${referral.id}/decline`, { reason: '   ' });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['reason']);
    assertProblem(await post(jc, `/api/v1/referrals/${referral.id}/decline`, { reason: 'x'.repeat(1001) }), 422);
    assertProblem(await post(jc, `/api/v1/referrals/${referral.id}/decline`, '{"reason":'), 400);
  });

  test('declined with a reason gives nothing; the klantmanager gets a task to follow up', async () => {
    const r = await post(jc, `/api/v1/referrals/${referral.id}/decline`, { reason: 'Geen plek tot september.' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'afgewezen');
    assert.equal(r.json.decline_reason, 'Geen plek tot september.');
    assertProblem(await get(jc, `/api/v1/cases/${kase.id}`), 404);
    assertProblem(await post(jc, `/api/v1/referrals/${referral.id}/accept`), 404);
    // The default limit is per kind: hundreds of ladder tasks do not hide this one.
    const tasks = await get(km, '/api/v1/tasks');
    assert.equal(tasks.status, 200);
    assert.ok(tasks.json.items.some((t) => t.kind === 'referral_declined' && t.case_id === kase.id && t.detail === 'Drechtwerk'));
  });
});

describe('bad referral input', () => {
  let kase;
  before(async () => ({ kase } = await newCase('Cas')));

  test('bad JSON, wrong content type, unknown or mistyped fields, missing ones: 400/415', async () => {
    assertProblem(await refer(kase.id, '{"organisation_id":'), 400);
    assertProblem(await refer(kase.id, '[]'), 400);
    assertProblem(await api(srv.url, km, 'POST', `/api/v1/cases/${kase.id}/referrals`, 'x', { 'content-type': 'text/plain' }), 415);
    let r = await refer(kase.id, { organisation_id: drechtwerk.id, purpose: 'jobcoaching', legal_basis: basis, urgent: true });
    assertProblem(r, 400);
    assert.deepEqual(errorFields(r), ['urgent']);
    r = await refer(kase.id, { organisation_id: String(drechtwerk.id), purpose: 'jobcoaching', legal_basis: basis });
    assertProblem(r, 400);
    assert.deepEqual(errorFields(r), ['organisation_id']);
    r = await refer(kase.id, { organisation_id: drechtwerk.id, purpose: 'jobcoaching' });
    assertProblem(r, 400);
    assert.deepEqual(errorFields(r), ['legal_basis']);
    r = await refer(kase.id, { organisation_id: drechtwerk.id, purpose: 'jobcoaching', legal_basis: basis, activity_key: 'een' });
    assertProblem(r, 400);
  });

  test('an unknown, municipal or employer organisation, a bad purpose or basis: 422 per field', async () => {
    for (const [org, msg] of [[987654321, /bestaande organisatie/], [municipal.id, /sociaal werkbedrijf/], [employer.id, /sociaal werkbedrijf/], [0, /bestaande/], [-4, /bestaande/]]) {
      const r = await refer(kase.id, { organisation_id: org, purpose: 'jobcoaching', legal_basis: basis });
      assertProblem(r, 422);
      assert.deepEqual(errorFields(r), ['organisation_id']);
      assert.match(r.json.errors[0].message, msg);
    }
    let r = await refer(kase.id, { organisation_id: drechtwerk.id, purpose: 'koffie', legal_basis: '' });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['legal_basis', 'purpose']);
    r = await refer(kase.id, { organisation_id: drechtwerk.id, purpose: 'werkfit', legal_basis: 'x'.repeat(201) });
    assert.deepEqual(errorFields(r), ['legal_basis']);
    r = await refer(kase.id, { organisation_id: drechtwerk.id, purpose: 'werkfit', legal_basis: 'Wet\u202Ewet' });
    assert.deepEqual(errorFields(r), ['legal_basis']);
    r = await refer(kase.id, { organisation_id: drechtwerk.id, purpose: 'werkfit', legal_basis: basis, activity_key: 3 });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['activity_key'], 'no plan, so no activity 3');
    r = await refer(kase.id, { organisation_id: drechtwerk.id, purpose: 'werkfit', legal_basis: basis, activity_key: 0 });
    assert.deepEqual(errorFields(r), ['activity_key']);
    const list = await get(km, `/api/v1/cases/${kase.id}/referrals`);
    assert.equal(list.json.total, 0, 'nothing made by bad requests');
  });

  test('a second open referral to the same partner is 409; others may not refer; unknown cases 404', async () => {
    const body = { organisation_id: drechtwerk.id, purpose: 'werkfit', legal_basis: basis, activity_key: null };
    assert.equal((await refer(kase.id, body)).status, 201);
    assertProblem(await refer(kase.id, body), 409);
    assertProblem(await post(jc, `/api/v1/cases/${kase.id}/referrals`, body), 404);
    assertProblem(await post(emp, `/api/v1/cases/${kase.id}/referrals`, body), 404);
    assertProblem(await refer(987654321, body), 404);
    assertProblem(await get(km, '/api/v1/cases/987654321/referrals'), 404);
    // km.papendrecht does not work for Dordrecht.
    const other = await login(srv.url, 'km.papendrecht');
    assertProblem(await post(other, `/api/v1/cases/${kase.id}/referrals`, body), 404);
    assertProblem(await get(other, `/api/v1/cases/${kase.id}/referrals`), 404);
  });
});

describe('consents', () => {
  let kase, resident, consent;
  before(async () => ({ kase, resident } = await newCase('Dewi')));

  test('an employer with a file consent sees the file; after revocation nothing, at once', async () => {
    assertProblem(await get(emp, `/api/v1/residents/${resident.id}`), 404);
    let r = await post(km, `/api/v1/residents/${resident.id}/consents`, {
      scope: 'dossier_organisatie', organisation_id: employer.id, given_on: '2026-01-15', how: 'handtekening',
    });
    assert.equal(r.status, 201, r.text);
    consent = r.json;
    assert.equal(r.headers.get('location'), `/api/v1/consents/${consent.id}`);
    assert.equal(consent.active, true);
    assert.equal(consent.organisation_id, employer.id);
    assert.equal(consent.revoked_at, '');
    assert.equal((await get(emp, `/api/v1/residents/${resident.id}`)).status, 200);
    assert.equal((await get(emp, `/api/v1/cases/${kase.id}`)).status, 200);
    r = await get(emp, `/api/v1/cases/${kase.id}/notes`);
    assert.ok(!r.json.items.some((n) => n.visibility === 'internal'));
    // Partners do not read or write consents.
    assertProblem(await get(emp, `/api/v1/residents/${resident.id}/consents`), 404);
    assertProblem(await api(srv.url, emp, 'DELETE', `/api/v1/consents/${consent.id}`), 404);

    r = await api(srv.url, km, 'DELETE', `/api/v1/consents/${consent.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.active, false);
    assert.ok(r.json.revoked_at);
    assertProblem(await get(emp, `/api/v1/residents/${resident.id}`), 404);
    assertProblem(await get(emp, `/api/v1/cases/${kase.id}`), 404);
    assertProblem(await api(srv.url, km, 'DELETE', `/api/v1/consents/${consent.id}`), 409);
    assertProblem(await api(srv.url, km, 'DELETE', '/api/v1/consents/987654321'), 404);
    r = await get(km, `/api/v1/residents/${resident.id}/consents`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.items.map((k) => [k.id, k.active]), [[consent.id, false]]);
  });

  test('bad consent input', async () => {
    const path = `/api/v1/residents/${resident.id}/consents`;
    let r = await post(km, path, { scope: 'dossier_organisatie', given_on: '2026-01-15', how: 'mondeling' });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['organisation_id']);
    r = await post(km, path, { scope: 'dossier_organisatie', organisation_id: municipal.id, given_on: '2026-01-15', how: 'mondeling' });
    assert.deepEqual(errorFields(r), ['organisation_id']);
    r = await post(km, path, { scope: 'profiel_werkgevers', organisation_id: drechtwerk.id, given_on: '2026-01-15', how: 'mondeling' });
    assert.deepEqual(errorFields(r), ['organisation_id']);
    r = await post(km, path, { scope: 'alles', given_on: '2999-01-01', how: 'per duif' });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['given_on', 'how', 'scope']);
    r = await post(km, path, { scope: 'profiel_werkgevers', given_on: '15-01-2026', how: 'digitaal' });
    assert.deepEqual(errorFields(r), ['given_on']);
    r = await post(km, path, { scope: 'profiel_werkgevers', how: 'digitaal' });
    assertProblem(r, 400);
    assert.deepEqual(errorFields(r), ['given_on']);
    assertProblem(await post(km, path, '{'), 400);
    assertProblem(await post(km, '/api/v1/residents/987654321/consents', { scope: 'profiel_werkgevers', given_on: '2026-01-15', how: 'digitaal' }), 404);
    r = await post(km, path, { scope: 'profiel_werkgevers', organisation_id: null, given_on: '2026-01-15', how: 'digitaal' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.organisation_id, null);
  });

  test('the resident reads and revokes their own consents, and no one else\'s', async () => {
    const inwoner = await login(srv.url, 'inwoner');
    const me = (await get(inwoner, '/api/v1/residents?limit=1')).status;
    assert.ok([200, 403].includes(me));
    const session = await api(srv.url, inwoner, 'GET', '/api/v1/openapi.json');
    assert.equal(session.status, 200);
    // The demo resident user's own file: find it through the page redirect.
    const page = new PageClient(srv.url);
    await page.login('inwoner');
    const home = await page.get('/');
    const ownId = Number(/\/inwoners\/(\d+)/.exec(home.location)[1]);
    let r = await post(km, `/api/v1/residents/${ownId}/consents`, { scope: 'profiel_werkgevers', given_on: '2026-02-01', how: 'digitaal' });
    assert.equal(r.status, 201, r.text);
    const own = r.json;
    r = await get(inwoner, `/api/v1/residents/${ownId}/consents`);
    assert.equal(r.status, 200);
    assert.ok(r.json.items.some((k) => k.id === own.id));
    assertProblem(await get(inwoner, `/api/v1/residents/${resident.id}/consents`), 404);
    const others = (await get(km, `/api/v1/residents/${resident.id}/consents`)).json.items;
    assertProblem(await api(srv.url, inwoner, 'DELETE', `/api/v1/consents/${others[0].id}`), 404);
    r = await api(srv.url, inwoner, 'DELETE', `/api/v1/consents/${own.id}`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.active, false);
  });
});

describe('tasks', () => {
  test('counts per kind and the tasks of the klantmanager and the jobcoach', async () => {
    let r = await get(km, '/api/v1/tasks');
    assert.equal(r.status, 200, r.text);
    for (const k of ['plan_agreement', 'activity_ending', 'ladder_due', 'referral_declined', 'referral_new'])
      assert.equal(typeof r.json.counts[k], 'number');
    assert.equal(r.json.counts.referral_new, 0);
    for (const k of Object.keys(r.json.counts)) {
      const n = r.json.items.filter((t) => t.kind === k).length;
      assert.equal(n, Math.min(50, r.json.counts[k]), `listed of ${k}`);
    }
    assert.equal(r.json.total, Object.values(r.json.counts).reduce((a, b) => a + b, 0));
    for (const t of r.json.items) {
      assert.equal(typeof t.case_id, 'number');
      assert.equal(typeof t.resident_name, 'string');
    }
    r = await get(jc, '/api/v1/tasks?limit=1000');
    assert.equal(r.status, 200);
    const inbox = (await get(jc, '/api/v1/referrals')).json;
    assert.equal(r.json.counts.referral_new, inbox.pending.length);
    assert.ok(r.json.counts.referral_new >= 1, 'the demo has a referral awaiting the jobcoach');
    assert.equal(r.json.counts.ladder_due, 0);
    r = await get(emp, '/api/v1/tasks');
    assert.equal(r.status, 200);
    assert.equal(r.json.total, 0);
  });

  test('bad paging is 400', async () => {
    assertProblem(await get(km, '/api/v1/tasks?limit=0'), 400);
    assertProblem(await get(km, '/api/v1/tasks?limit=abc'), 400);
    assertProblem(await get(km, '/api/v1/tasks?offset=5'), 400);
  });

  test('the demo: the jobcoach has active referrals with progress notes', async () => {
    const inbox = (await get(jc, '/api/v1/referrals')).json;
    assert.ok(inbox.active.length >= 3);
    const notes = await get(jc, `/api/v1/cases/${inbox.active[0].case_id}/notes`);
    assert.equal(notes.status, 200);
    assert.ok(notes.json.items.some((n) => n.author === 'Gerda Mulder'));
  });
});

describe('pages', () => {
  let kmPage, jcPage, kase, resident;
  before(async () => {
    kmPage = new PageClient(srv.url);
    jcPage = new PageClient(srv.url);
    await kmPage.loginOk('km.dordrecht');
    await jcPage.loginOk('jobcoach');
    ({ kase, resident } = await newCase('Eva'));
  });

  test('the klantmanager refers on the case referrals page; errors are Dutch with a summary', async () => {
    let r = await kmPage.get(`/dossiers/${kase.id}`);
    assert.equal(r.status, 200);
    assert.match(r.text, /<h2[^>]*id="verwijzingen"[^>]*>Verwijzingen<\/h2>/);
    assert.match(r.text, new RegExp(`href="/dossiers/${kase.id}/verwijzingen"`));
    r = await kmPage.get(`/dossiers/${kase.id}/verwijzingen`);
    assert.equal(r.status, 200);
    assert.match(r.text, /<option value="\d+">Drechtwerk<\/option>/);
    assert.doesNotMatch(r.text, /<option value="\d+">Sociale Dienst/);
    assert.match(r.text, /<option value="begeleiding_werkplek">Begeleiding op de werkplek<\/option>/);
    r = await kmPage.post(`/dossiers/${kase.id}/verwijzingen`, { organisation_id: '', purpose: 'werkfit', legal_basis: '' });
    assert.equal(r.status, 422);
    assert.match(r.text, /wr-error-summary/);
    assert.match(r.text, /Kies een bestaande organisatie/);
    assert.match(r.text, /Vul de wettelijke grondslag in/);
    assert.match(r.text, /<option value="werkfit" selected>/);
    r = await kmPage.post(`/dossiers/${kase.id}/verwijzingen`, { organisation_id: String(drechtwerk.id), purpose: 'werkfit', legal_basis: basis, activity_key: '' });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.location, `/dossiers/${kase.id}/verwijzingen?melding=verwezen`);
    r = await kmPage.get(r.location);
    assert.match(r.text, /De verwijzing is verstuurd/);
    assert.match(r.text, /Aangevraagd/);
    r = await kmPage.post(`/dossiers/${kase.id}/verwijzingen`, { organisation_id: String(drechtwerk.id), purpose: 'werkfit', legal_basis: basis });
    assert.equal(r.status, 409);
  });

  test('the jobcoach answers in her inbox: a decline without reason is refused, accepting opens the case', async () => {
    let r = await jcPage.get('/');
    assert.equal(r.status, 200);
    assert.match(r.text, /Nieuwe verwijzingen/);
    assert.match(r.text, /Eva Verwezen/);
    assert.match(r.text, /href="\/taken"/);
    r = await jcPage.get('/verwijzingen');
    assert.equal(r.status, 200);
    const m = new RegExp(`id="verwijzing-(\\d+)">\\s*<h3[^>]*>Eva Verwezen`).exec(r.text);
    assert.ok(m, 'Eva\'s referral is listed');
    const id = m[1];
    r = await jcPage.post(`/verwijzingen/${id}/afwijzen`, { reason: '' });
    assert.equal(r.status, 422);
    assert.match(r.text, /Geef een reden op/);
    r = await jcPage.post(`/verwijzingen/${id}/accepteren`);
    assert.equal(r.status, 303);
    assert.equal(r.location, `/dossiers/${kase.id}?melding=verwijzing_geaccepteerd`);
    r = await jcPage.get(r.location);
    assert.equal(r.status, 200);
    assert.match(r.text, /Gesprek met Eva/);
    assert.doesNotMatch(r.text, /Interne afweging Eva/);
    assert.doesNotMatch(r.text, /action="\/dossiers\/\d+\/fase"/, 'no phase form for a partner');
    assert.match(r.text, /action="\/dossiers\/\d+\/notities"/, 'the note form is there');
    r = await jcPage.post(`/dossiers/${kase.id}/notities`, { text: 'Voortgang via de pagina.', visibility: 'professionals' });
    assert.equal(r.status, 303);
    r = await jcPage.post(`/verwijzingen/${id}/accepteren`);
    assert.equal(r.status, 409);
    r = await jcPage.post(`/verwijzingen/${id}/beeindigen`, { terug: 'dossier' });
    assert.equal(r.status, 303);
    assert.equal((await jcPage.get(`/dossiers/${kase.id}`)).status, 404);
    assert.equal((await jcPage.get('/taken')).status, 200);
  });

  test('the klantmanager\'s start page counts tasks; /taken lists them; partners pages are refused to others', async () => {
    let r = await kmPage.get('/');
    assert.match(r.text, /<h2[^>]*id="taken"[^>]*>Taken<\/h2>/);
    assert.match(r.text, /href="\/taken#ladder"/);
    r = await kmPage.get('/taken');
    assert.equal(r.status, 200);
    assert.match(r.text, /Participatieladder meten/);
    assert.equal((await kmPage.get('/verwijzingen')).status, 403);
  });

  test('consents on the resident page: record with errors, then revoke', async () => {
    let r = await kmPage.get(`/inwoners/${resident.id}`);
    assert.equal(r.status, 200);
    assert.match(r.text, /id="toestemmingen"/);
    r = await kmPage.post(`/inwoners/${resident.id}/toestemmingen`, { scope: 'dossier_organisatie', organisation_id: '', given_on: 'gisteren', how: 'mondeling' });
    assert.equal(r.status, 422);
    assert.match(r.text, /Kies de organisatie waarmee het dossier wordt gedeeld/);
    assert.match(r.text, /Vul een datum in/);
    r = await kmPage.post(`/inwoners/${resident.id}/toestemmingen`, { scope: 'dossier_organisatie', organisation_id: String(employer.id), given_on: '2026-01-20', how: 'mondeling' });
    assert.equal(r.status, 303, r.text);
    r = await kmPage.get(r.location);
    const m = /action="\/toestemmingen\/(\d+)\/intrekken"/.exec(r.text);
    assert.ok(m);
    assert.equal((await get(emp, `/api/v1/residents/${resident.id}`)).status, 200);
    r = await kmPage.post(`/toestemmingen/${m[1]}/intrekken`);
    assert.equal(r.status, 303);
    assert.equal((await get(emp, `/api/v1/residents/${resident.id}`)).status, 404);
    assert.equal((await kmPage.post(`/toestemmingen/${m[1]}/intrekken`)).status, 409);
  });
});
