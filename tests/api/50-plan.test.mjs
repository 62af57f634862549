// The service catalogue (GET /api/v1/services) and the plan van aanpak of a
// case (GET|PUT /api/v1/cases/{id}/plan, POST .../plan/agreement): versions
// with activity keys, the resident's agreement, the budget rule against the
// resident's municipality (409 with a Dutch message), bad input of every
// kind, and who may see a plan. Also the plan page and the catalogue pages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  ADMIN_PASSWORD, PageClient, api, assertProblem, createResident, errorFields, login, openCase,
  startServer,
} from './lib.mjs';

let srv, km, kmAlb, kmPap, jobcoach, inwoner, admin, services;
before(async () => {
  srv = await startServer({ demo: true });
  [km, kmAlb, kmPap, jobcoach, inwoner] = await Promise.all(
    ['km.dordrecht', 'km.alblasserdam', 'km.papendrecht', 'jobcoach', 'inwoner'].map((u) => login(srv.url, u)));
  admin = await login(srv.url, 'admin', ADMIN_PASSWORD);
  const r = await api(srv.url, km, 'GET', '/api/v1/services');
  assert.equal(r.status, 200, r.text);
  services = Object.fromEntries(r.json.items.map((s) => [s.name, s]));
});
after(() => srv?.stop());

const today = () => new Date().toISOString().slice(0, 10);
const thisYear = () => today().slice(0, 4);
const getPlan = (token, id) => api(srv.url, token, 'GET', `/api/v1/cases/${id}/plan`);
const putPlan = (token, id, body) => api(srv.url, token, 'PUT', `/api/v1/cases/${id}/plan`, body);
const agree = (token, id, body) => api(srv.url, token, 'POST', `/api/v1/cases/${id}/plan/agreement`, body);
const terms = (name, code) => services[name].terms.find((t) => t.municipality === code);

/** A new resident of the klantmanager's municipality with a case in phase plan. */
async function newCase(token, fields = {}) {
  const resident = await createResident(srv.url, token, fields);
  const c = await openCase(srv.url, token, resident.id);
  for (const to of ['intake', 'plan']) {
    const r = await api(srv.url, token, 'POST', `/api/v1/cases/${c.id}/transitions`, { to });
    assert.equal(r.status, 200, r.text);
  }
  return c.id;
}

/** Dutch euros as the server writes them: € 1.750,00. */
function euros(cents) {
  const e = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `€ ${e},${String(cents % 100).padStart(2, '0')}`;
}

describe('GET /api/v1/services', () => {
  test('lists the demo catalogue: providers, kinds, units and terms per municipality', () => {
    const names = Object.keys(services);
    for (const n of ['Werkfit-traject', 'Jobcoaching', 'Werkervaringsplaats', 'Beschut werk',
      'Basiscursus VCA', 'Taalcoaching op de werkvloer']) assert.ok(names.includes(n), n);
    const wf = services['Werkfit-traject'];
    assert.equal(wf.provider.name, 'Drechtwerk');
    assert.equal(typeof wf.provider.id, 'number');
    assert.equal(wf.kind, 'werkfit');
    assert.equal(wf.unit, 'traject');
    assert.equal(wf.terms.length, 7, 'every demo municipality buys it');
    const alb = terms('Werkfit-traject', 'GM0482');
    assert.equal(alb.price_cents, 325000);
    assert.equal(alb.budget_cents, 500000);
    assert.deepEqual(alb.ordered_by, ['case_manager']);
    assert.equal(alb.remaining_cents, alb.budget_cents - alb.spent_cents);
    const taal = services['Taalcoaching op de werkvloer'];
    assert.equal(taal.kind, 'plusdienst');
    assert.equal(taal.target_group, 'Statushouders');
    assert.equal(taal.provider.name, 'Da Vinci College Contractonderwijs');
    assert.equal(terms('Jobcoaching', 'GM0505').budget_cents, null);
    assert.equal(terms('Beschut werk', 'GM0482').places, 6);
  });

  test('?municipality narrows to what it buys, with only its terms', async () => {
    const r = await api(srv.url, jobcoach, 'GET', '/api/v1/services?municipality=GM0482');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.total, 6);
    for (const s of r.json.items) assert.deepEqual(s.terms.map((t) => t.municipality), ['GM0482']);
    const none = await api(srv.url, km, 'GET', '/api/v1/services?municipality=GM9999');
    assert.equal(none.json.total, 0);
    for (const bad of ['x', 'gm0505', 'GM050', 'GM05055', '']) {
      assertProblem(await api(srv.url, km, 'GET', `/api/v1/services?municipality=${bad}`), 400, bad);
    }
  });

  test('professionals only: a resident is refused, no login is 401', async () => {
    assertProblem(await api(srv.url, inwoner, 'GET', '/api/v1/services'), 403);
    assertProblem(await api(srv.url, null, 'GET', '/api/v1/services'), 401);
    assert.equal((await api(srv.url, admin, 'GET', '/api/v1/services')).status, 200);
  });
});

describe('the plan of a case', () => {
  let caseId;
  before(async () => { caseId = await newCase(km); });

  test('a case without a plan answers version 0', async () => {
    const r = await getPlan(km, caseId);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 0);
    assert.deepEqual(r.json.goals, []);
    assert.deepEqual(r.json.activities, []);
    assert.deepEqual(r.json.versions, []);
    assert.equal(r.json.agreed, false);
  });

  test('put, agree, put again: versions 1 and 2, keys kept, a new version awaits agreement', async () => {
    const jc = services.Jobcoaching;
    let r = await putPlan(km, caseId, {
      goals: [{ text: 'Werkritme opdoen' }, { text: 'Doorstromen naar betaald werk' }],
      activities: [{ goal: 1, service_id: jc.id, responsible: 'Gerda Mulder (Drechtwerk)', units: 20,
        starts_on: `${thisYear()}-01-15`, status: 'gepland' }],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 1);
    assert.equal(r.json.agreed, false);
    assert.equal(r.json.agreed_on, null);
    assert.deepEqual(r.json.goals.map((g) => [g.position, g.text]),
      [[1, 'Werkritme opdoen'], [2, 'Doorstromen naar betaald werk']]);
    const a = r.json.activities[0];
    assert.equal(a.key, 1);
    assert.equal(a.goal, 1);
    assert.equal(a.service, 'Jobcoaching');
    assert.deepEqual(a.provider, services.Jobcoaching.provider);
    assert.equal(a.kind, 'jobcoaching');
    assert.equal(a.unit, 'uur');
    assert.equal(a.cost_cents, 20 * terms('Jobcoaching', 'GM0505').price_cents);
    assert.equal(a.ends_on, null);
    assert.equal(a.status, 'gepland');

    r = await agree(km, caseId, { agreed_on: today(), how: 'handtekening' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.agreed, true);
    assert.equal(r.json.agreed_on, today());
    assert.equal(r.json.agreed_how, 'handtekening');
    assertProblem(await agree(km, caseId, { agreed_on: today(), how: 'mondeling' }), 409, 'agreed twice');

    r = await putPlan(km, caseId, {
      goals: [{ text: 'Werkritme opdoen' }, { text: 'Doorstromen naar betaald werk' }],
      activities: [
        { key: 1, goal: 2, service_id: jc.id, responsible: 'Gerda Mulder (Drechtwerk)', units: 20,
          starts_on: `${thisYear()}-01-15`, status: 'lopend' },
        { goal: 1, service_id: services.Werkervaringsplaats.id, units: 3,
          starts_on: `${thisYear()}-02-01`, ends_on: `${thisYear()}-04-30` },
      ],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 2);
    assert.equal(r.json.agreed, false, 'a new version awaits a new agreement');
    assert.deepEqual(r.json.activities.map((x) => [x.key, x.status, x.goal]), [[1, 'lopend', 2], [2, 'gepland', 1]]);
    assert.equal(r.json.activities[1].ends_on, `${thisYear()}-04-30`);

    r = await getPlan(km, caseId);
    assert.equal(r.json.version, 2);
    assert.deepEqual(r.json.versions.map((v) => [v.version, v.agreed, v.activities]), [[2, false, 2], [1, true, 1]]);
    assert.equal(r.json.versions[1].agreed_how, 'handtekening');
    assert.equal(r.json.total_cost_cents, r.json.activities.reduce((s, x) => s + x.cost_cents, 0));

    r = await agree(km, caseId, { agreed_on: today(), how: 'digitaal' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 2);
  });

  test('changes an activity may not go through are 422 with their field, nothing stored', async () => {
    const before = (await getPlan(km, caseId)).json;
    const jc = services.Jobcoaching.id;
    const base = { key: 1, goal: 1, service_id: jc, units: 20, starts_on: `${thisYear()}-01-15`, status: 'lopend' };
    const cases = [
      [{ ...base, key: 99 }, 'activities[0].key'],
      [{ ...base, service_id: services['Werkfit-traject'].id }, 'activities[0].service_id'],
    ];
    for (const [activity, field] of cases) {
      const r = await putPlan(km, caseId, { goals: [{ text: 'Doel' }], activities: [activity] });
      assertProblem(r, 422, field);
      assert.ok(errorFields(r).includes(field), `${field}: ${r.text}`);
    }
    // Leaving out a running activity.
    const r = await putPlan(km, caseId, { goals: [{ text: 'Doel' }], activities: [] });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['activities']);
    assert.equal((await getPlan(km, caseId)).json.version, before.version);
  });
});

describe('the budget rule', () => {
  test('over budget is refused with 409, naming the service and what is left; nothing written', async () => {
    const caseId = await newCase(kmAlb);
    const wf = services['Werkfit-traject'];
    const fresh = await api(srv.url, kmAlb, 'GET', '/api/v1/services?municipality=GM0482');
    const t = fresh.json.items.find((s) => s.id === wf.id).terms[0];
    const fits = Math.floor(t.remaining_cents / t.price_cents);
    const plan = (units) => ({
      goals: [{ text: 'Werkfit worden' }],
      activities: [{ goal: 1, service_id: wf.id, units, starts_on: today() }],
    });
    let r = await putPlan(kmAlb, caseId, plan(fits + 1));
    const p = assertProblem(r, 409);
    assert.match(p.detail, /Werkfit-traject/);
    assert.match(p.detail, /Alblasserdam/);
    assert.ok(p.detail.includes(euros(t.remaining_cents)), `${p.detail} names ${euros(t.remaining_cents)}`);
    assert.equal(p.verdict, 'over_budget');
    assert.equal(p.activity, 0);
    assert.equal(p.service_id, wf.id);
    assert.equal(p.remaining_cents, t.remaining_cents);
    assert.equal(p.cost_cents, (fits + 1) * t.price_cents);
    assert.equal((await getPlan(kmAlb, caseId)).json.version, 0, 'nothing written');
    if (fits > 0) {
      r = await putPlan(kmAlb, caseId, plan(fits));
      assert.equal(r.status, 200, r.text);
    }
  });

  test('a service the municipality does not buy, or that does not exist, is a field problem', async () => {
    const caseId = await newCase(km);
    for (const id of [987654, 0, -1]) {
      const r = await putPlan(km, caseId, { goals: [], activities: [{ service_id: id, units: 1, starts_on: today() }] });
      assertProblem(r, 422, `service ${id}`);
      assert.deepEqual(errorFields(r), ['activities[0].service_id']);
    }
  });
});

describe('bad input', () => {
  let caseId;
  before(async () => { caseId = await newCase(km); });
  const jc = () => services.Jobcoaching.id;
  const act = (fields) => ({ goal: 1, service_id: jc(), units: 2, starts_on: '2026-03-01', ...fields });
  const body = (a, goals = [{ text: 'Doel' }]) => ({ goals, activities: [a] });

  test('bad JSON, invalid UTF-8, no JSON, wrong top-level types are 400 or 415', async () => {
    assertProblem(await putPlan(km, caseId, '{"goals": ['), 400);
    assertProblem(await putPlan(km, caseId, Buffer.from('{"goals":[{"text":"\xff\xfe"}],"activities":[]}', 'latin1')), 400);
    assertProblem(await putPlan(km, caseId, '[]'), 400);
    let r = await putPlan(km, caseId, { goals: 'geen lijst', activities: {} });
    assertProblem(r, 400);
    assert.deepEqual(errorFields(r), ['activities', 'goals']);
    r = await putPlan(km, caseId, { goals: [] });
    assertProblem(r, 400);
    assert.deepEqual(errorFields(r), ['activities']);
    r = await putPlan(km, caseId, { goals: [], activities: [], version: 3 });
    assertProblem(r, 400);
    assertProblem(await api(srv.url, km, 'PUT', `/api/v1/cases/${caseId}/plan`, 'goals=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
  });

  test('each bad field is 422 with its name', async () => {
    const cases = [
      [body(act({ units: '2' })), ['activities[0].units']],
      [body(act({ units: 0 })), ['activities[0].units']],
      [body(act({ units: 10001 })), ['activities[0].units']],
      [body(act({ service_id: 'werkfit' })), ['activities[0].service_id']],
      [body(act({ starts_on: '2026-02-30' })), ['activities[0].starts_on']],
      [body(act({ starts_on: '01-03-2026' })), ['activities[0].starts_on']],
      [body(act({ ends_on: '2026-02-28' })), ['activities[0].ends_on']],
      [body(act({ status: 'afgerond' })), ['activities[0].ends_on']],
      [body(act({ status: 'gestopt', ends_on: '2026-04-01' })), ['activities[0].stop_reason']],
      [body(act({ status: 'lopend', stop_reason: 'niet nodig' })), ['activities[0].stop_reason']],
      [body(act({ status: 'klaar' })), ['activities[0].status']],
      [body(act({ goal: 2 })), ['activities[0].goal']],
      [body(act({ key: 0.5 })), ['activities[0].key']],
      [body(act({ responsible: 'x'.repeat(101) })), ['activities[0].responsible']],
      [body(act({ colour: 'blauw' })), ['activities[0].colour']],
      [{ goals: [{ text: 'x'.repeat(501) }], activities: [] }, ['goals[0].text']],
      [{ goals: [{ text: '' }], activities: [] }, ['goals[0].text']],
      [{ goals: [{ text: 'regel\nregel' }], activities: [] }, ['goals[0].text']],
      [{ goals: [{ text: 'Doel', extra: 1 }], activities: [] }, ['goals[0].extra']],
      [{ goals: ['Doel'], activities: [] }, ['goals[0]']],
      [{ goals: [{}], activities: [] }, ['goals[0].text']],
      [{ goals: Array.from({ length: 21 }, () => ({ text: 'Doel' })), activities: [] }, ['goals']],
      [{ goals: [], activities: [act({ goal: null }), act({ goal: null })].map((a) => ({ ...a, key: 1 })) }, ['activities[1].key']],
    ];
    for (const [b, fields] of cases) {
      const r = await putPlan(km, caseId, b);
      assertProblem(r, 422, JSON.stringify(b).slice(0, 120));
      assert.deepEqual(errorFields(r), fields, JSON.stringify(b).slice(0, 120));
      for (const e of r.json.errors) assert.ok(e.message.length > 0);
    }
    assert.equal((await getPlan(km, caseId)).json.version, 0, 'nothing was stored');
  });

  test('the agreement: bad date, a date in the future, a bad way, no plan yet', async () => {
    assertProblem(await agree(km, caseId, { agreed_on: today(), how: 'mondeling' }), 409, 'no plan');
    const r = await putPlan(km, caseId, { goals: [{ text: 'Doel' }], activities: [] });
    assert.equal(r.status, 200, r.text);
    const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
    for (const [b, field] of [
      [{ agreed_on: tomorrow, how: 'mondeling' }, 'agreed_on'],
      [{ agreed_on: '2026-13-01', how: 'mondeling' }, 'agreed_on'],
      [{ agreed_on: '2000-01-01', how: 'mondeling' }, 'agreed_on'],
      [{ agreed_on: today(), how: 'per duif' }, 'how'],
    ]) {
      const p = await agree(km, caseId, b);
      assertProblem(p, 422, JSON.stringify(b));
      assert.deepEqual(errorFields(p), [field]);
    }
    assertProblem(await agree(km, caseId, { agreed_on: today() }), 400);
    assertProblem(await agree(km, caseId, { agreed_on: 20260101, how: 'mondeling' }), 400);
    assert.equal((await getPlan(km, caseId)).json.agreed, false);
  });
});

describe('the plan as PDF', () => {
  const pdf = async (token, id) => {
    const res = await fetch(`${srv.url}/api/v1/cases/${id}/plan.pdf`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  // The PDF's text is Windows-1252 (WinAnsiEncoding), uncompressed.
  const has = (bytes, text) => bytes.includes(Buffer.from(text, 'latin1'));

  test('the resident takes home their plan in Dutch, diacritics and all, without costs', async () => {
    const resident = await createResident(srv.url, km, { first_name: 'Zoë', last_name: 'Ünal-Çelik' });
    const c = await openCase(srv.url, km, resident.id);
    for (const to of ['intake', 'plan']) {
      const t = await api(srv.url, km, 'POST', `/api/v1/cases/${c.id}/transitions`, { to });
      assert.equal(t.status, 200, t.text);
    }
    let r = await putPlan(km, c.id, {
      goals: [{ text: 'Eén stap naar de bakkerij – met begeleiding' }],
      activities: [{ goal: 1, service_id: services.Jobcoaching.id, responsible: 'Gerda Mulder (Drechtwerk)',
        units: 10, starts_on: `${thisYear()}-03-02`, status: 'gepland' }],
    });
    assert.equal(r.status, 200, r.text);
    assert.equal((await agree(km, c.id, { agreed_on: today(), how: 'mondeling' })).status, 200);

    r = await pdf(km, c.id);
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/pdf');
    assert.match(r.headers.get('content-disposition'), /^inline; filename="plan-van-aanpak-\d+\.pdf"$/);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.bytes.subarray(0, 8).toString('latin1'), '%PDF-1.4');
    assert.match(r.bytes.subarray(-8).toString('latin1'), /%%EOF\s*$/);
    for (const text of ['Plan van aanpak', 'Zo\u00eb \u00dcnal-\u00c7elik', 'Doel 1: E\u00e9n stap naar de bakkerij \u2013 met begeleiding',
      // table cells wrap in their column: look for words, not whole cells
      'Jobcoaching', 'Gerda Mulder', '\\(Drechtwerk\\)', 'vanaf', '2 maart', 'Akkoord gegeven op', '\\(mondeling\\)',
      'Pagina 1 van 1']) {
      const want = text.replace('\u2013', '\x96'); // the en dash is 0x96 in Windows-1252
      assert.ok(has(r.bytes, want), `the PDF says ${text}`);
    }
    assert.ok(!has(r.bytes, '\x80'), 'no euro amounts: costs are not for the resident');

    // The same file from the case's pages, for the klantmanager.
    const page = new PageClient(srv.url);
    await page.loginOk('km.dordrecht');
    const p = await page.get(`/dossiers/${c.id}/plan`);
    assert.match(p.text, new RegExp(`href="/dossiers/${c.id}/plan.pdf"`));
    const res = await fetch(`${srv.url}/dossiers/${c.id}/plan.pdf`, { headers: { cookie: page.cookieHeader() } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');

    // Who may not see the plan gets no PDF either.
    assertProblem(await api(srv.url, jobcoach, 'GET', `/api/v1/cases/${c.id}/plan.pdf`), 404);
    assertProblem(await api(srv.url, kmPap, 'GET', `/api/v1/cases/${c.id}/plan.pdf`), 404);
    assertProblem(await api(srv.url, km, 'GET', '/api/v1/cases/987654321/plan.pdf'), 404);
  });

  test('a case without a plan still gets a PDF that says so', async () => {
    const id = await newCase(km);
    const r = await pdf(km, id);
    assert.equal(r.status, 200);
    assert.ok(has(r.bytes, 'Er is nog geen plan van aanpak.'));
  });
});

describe('who may see and change a plan', () => {
  let caseId;
  before(async () => {
    caseId = await newCase(km);
    const r = await putPlan(km, caseId, { goals: [{ text: 'Doel' }], activities: [] });
    assert.equal(r.status, 200, r.text);
  });

  test('another municipality\'s klantmanager gets 404, as for a case that does not exist', async () => {
    const missing = assertProblem(await getPlan(km, 987654321), 404);
    const other = assertProblem(await getPlan(kmPap, caseId), 404);
    assert.deepEqual(other, missing);
    assertProblem(await putPlan(kmPap, caseId, { goals: [], activities: [] }), 404);
    assertProblem(await agree(kmPap, caseId, { agreed_on: today(), how: 'mondeling' }), 404);
    assertProblem(await putPlan(km, 987654321, { goals: [], activities: [] }), 404);
    assert.equal((await getPlan(km, caseId)).json.version, 1);
  });

  test('a jobcoach without a referral gets 404', async () => {
    assertProblem(await getPlan(jobcoach, caseId), 404);
    assertProblem(await putPlan(jobcoach, caseId, { goals: [], activities: [] }), 404);
  });

  test('the refusals are in the audit log', async () => {
    const fg = await login(srv.url, 'fg');
    const r = await api(srv.url, fg, 'GET', '/api/v1/audit?user=km.papendrecht&limit=50');
    assert.equal(r.status, 200, r.text);
    const mine = r.json.items.filter((e) => e.case_id === caseId);
    assert.ok(mine.some((e) => e.action === 'case.read' && !e.allowed && e.reason === 'municipality'));
    assert.ok(mine.some((e) => e.action === 'case.update' && !e.allowed && e.reason === 'municipality'));
  });

  test('a closed case keeps its plan but takes no new version', async () => {
    const r = await api(srv.url, km, 'POST', `/api/v1/cases/${caseId}/transitions`, { to: 'afgesloten', reason: 'verhuisd' });
    assert.equal(r.status, 200, r.text);
    assertProblem(await putPlan(km, caseId, { goals: [], activities: [] }), 409);
    assert.equal((await getPlan(km, caseId)).json.version, 1);
  });
});

describe('the pages', () => {
  test('the plan page shows the plan; its forms add a goal and refuse over budget', async () => {
    const page = new PageClient(srv.url);
    await page.loginOk('km.alblasserdam');
    const caseId = await newCase(kmAlb);
    let r = await page.get(`/dossiers/${caseId}`);
    assert.ok(r.text.includes(`href="/dossiers/${caseId}/plan"`), 'the case page links to the plan');
    r = await page.get(`/dossiers/${caseId}/plan`);
    assert.equal(r.status, 200);
    assert.match(r.text, /Er is nog geen plan van aanpak/);
    r = await page.post(`/dossiers/${caseId}/plan/doelen`, { text: 'Veilig werken op de bouwplaats' });
    assert.equal(r.status, 303, r.text);
    r = await page.get(r.location);
    assert.match(r.text, /Doel 1: Veilig werken op de bouwplaats/);
    assert.match(r.text, /Wacht op akkoord van de inwoner/);
    r = await page.post(`/dossiers/${caseId}/plan/doelen`, { text: '' });
    assert.equal(r.status, 422);
    assert.match(r.text, /Dit veld is verplicht/);

    const wf = services['Werkfit-traject'];
    const fresh = await api(srv.url, kmAlb, 'GET', '/api/v1/services?municipality=GM0482');
    const t = fresh.json.items.find((s) => s.id === wf.id).terms[0];
    r = await page.post(`/dossiers/${caseId}/plan/activiteiten`, {
      service_id: String(wf.id), goal: '1', units: String(Math.floor(t.remaining_cents / t.price_cents) + 1),
      starts_on: today(), ends_on: '', responsible: '', status: 'gepland',
    });
    assert.equal(r.status, 409);
    assert.match(r.text, /Niet genoeg budget voor Werkfit-traject/);
    assert.ok(r.text.includes(euros(t.remaining_cents)));

    r = await page.post(`/dossiers/${caseId}/plan/activiteiten`, {
      service_id: String(services['Basiscursus VCA'].id), goal: '1', units: '1',
      starts_on: today(), ends_on: '', responsible: 'Da Vinci College', status: 'gepland',
    });
    assert.equal(r.status, 303, r.text);
    const plan = (await getPlan(kmAlb, caseId)).json;
    assert.equal(plan.version, 2);
    const key = plan.activities[0].key;
    r = await page.post(`/dossiers/${caseId}/plan/activiteiten/${key}`, {
      status: 'gestopt', ends_on: today(), stop_reason: '', units: '1', responsible: 'Da Vinci College',
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /reden/);
    r = await page.post(`/dossiers/${caseId}/plan/activiteiten/${key}`, {
      status: 'gestopt', ends_on: today(), stop_reason: 'Inwoner is verhuisd', units: '1', responsible: 'Da Vinci College',
    });
    assert.equal(r.status, 303, r.text);
    r = await page.post(`/dossiers/${caseId}/plan/activiteiten/9999`, { status: 'lopend', units: '1' });
    assert.equal(r.status, 404);
    r = await page.post(`/dossiers/${caseId}/plan/akkoord`, { agreed_on: today(), how: 'mondeling' });
    assert.equal(r.status, 303, r.text);
    r = await page.get(`/dossiers/${caseId}/plan`);
    assert.match(r.text, /Akkoord van de inwoner op/);
    assert.match(r.text, /Gestopt/);
    assert.match(r.text, /Inwoner is verhuisd/);
    const after = (await getPlan(kmAlb, caseId)).json;
    assert.equal(after.version, 3);
    assert.equal(after.agreed_how, 'mondeling');

    const other = new PageClient(srv.url);
    await other.loginOk('km.papendrecht');
    assert.equal((await other.get(`/dossiers/${caseId}/plan`)).status, 404);
  });

  test('the catalogue pages are for the administrator', async () => {
    const page = new PageClient(srv.url);
    await page.loginOk('km.dordrecht');
    assert.equal((await page.get('/beheer/diensten')).status, 403);
    const adm = new PageClient(srv.url);
    await adm.loginOk('admin', ADMIN_PASSWORD);
    let r = await adm.get('/beheer/diensten');
    assert.equal(r.status, 200);
    assert.match(r.text, /Werkfit-traject/);
    assert.match(r.text, /Taalcoaching op de werkvloer/);
    r = await adm.post('/beheer/diensten', { provider_id: String(services.Jobcoaching.provider.id), name: '', kind: 'training', unit: 'dag' });
    assert.equal(r.status, 422);
    r = await adm.post('/beheer/diensten', {
      provider_id: String(services.Jobcoaching.provider.id), name: 'Sollicitatietraining', kind: 'training',
      unit: 'dag', target_group: '', description: 'Drie dagdelen solliciteren.',
    });
    assert.equal(r.status, 303, r.text);
    const path = r.location.replace(/\?.*/, '');
    r = await adm.post(`${path}/voorwaarden`, { municipality: 'GM0505', price: '1.250,50', budget: 'veel', places: '', ordered_by: 'case_manager' });
    assert.equal(r.status, 422);
    r = await adm.post(`${path}/voorwaarden`, { municipality: 'GM0505', price: '1.250,50', budget: '10.000', places: '12', ordered_by: 'case_manager' });
    assert.equal(r.status, 303, r.text);
    const list = await api(srv.url, km, 'GET', '/api/v1/services?municipality=GM0505');
    const s = list.json.items.find((x) => x.name === 'Sollicitatietraining');
    assert.ok(s);
    assert.deepEqual([s.terms[0].price_cents, s.terms[0].budget_cents, s.terms[0].places], [125050, 1000000, 12]);
  });
});
