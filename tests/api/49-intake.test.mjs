// The intake of a case: GET|PUT /api/v1/cases/{id}/intake (versions, the
// ladder then and now, ESCO labels, the route set on the case), every kind of
// bad input, who may read and write it, and the intake page with its ESCO
// picker that works without JavaScript.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  PageClient, api, assertProblem, createResident, errorFields, login, openCase, startServer,
} from './lib.mjs';

const SPOKEN_DUTCH = 'http://data.europa.eu/esco/skill/347d33a8-3698-4549-a7de-722a0216ee40';
const WELDING = 'http://data.europa.eu/esco/skill/530cb489-d900-46ab-9350-4d50ccd49eea';
const BARMAN = 'http://data.europa.eu/esco/occupation/2f5e38a0-6578-4665-bdbd-e2ab505be140';
const UNKNOWN = 'http://data.europa.eu/esco/skill/00000000-0000-0000-0000-000000000000';

let srv, km, kmPapendrecht, jobcoach, resident, caseId;

/** YYYY-MM-DD, days from today (negative: in the past), in UTC as the server. */
function day(offset) {
  const d = new Date(Date.now() + offset * 86_400_000);
  return d.toISOString().slice(0, 10);
}

function body(fields = {}) {
  return {
    hours_per_week: 24,
    max_travel_km: 15,
    driving_licences: ['B', 'AM'],
    barriers: ['taal', 'schulden'],
    ladder_step: 2,
    ladder_measured_on: day(-200),
    benefit: 'Participatiewet, norm alleenstaande',
    route: 'ontwikkelen',
    route_motivation: 'Eerst werkritme opdoen bij Drechtwerk, met taalles.',
    skills: [{ uri: WELDING, level: 'waargenomen' }, { uri: SPOKEN_DUTCH, level: 'zelf' }],
    wishes: [{ uri: BARMAN }],
    languages: [{ language: 'nl', level: 'A2' }, { language: 'ar', level: 'C2' }],
    ...fields,
  };
}

const get = (token, id = caseId) => api(srv.url, token, 'GET', `/api/v1/cases/${id}/intake`);
const put = (token, b, id = caseId, headers) => api(srv.url, token, 'PUT', `/api/v1/cases/${id}/intake`, b, headers);

before(async () => {
  srv = await startServer({ demo: true });
  km = await login(srv.url, 'km.dordrecht');
  kmPapendrecht = await login(srv.url, 'km.papendrecht');
  jobcoach = await login(srv.url, 'jobcoach');
  resident = await createResident(srv.url, km, { first_name: 'Intake', last_name: 'Kandidaat' });
  caseId = (await openCase(srv.url, km, resident.id)).id;
});
after(() => srv?.stop());

describe('versions of an intake', () => {
  test('a case without an intake answers version 0', async () => {
    const r = await get(km);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 0);
    assert.equal(r.json.case_id, caseId);
    assert.equal(r.json.ladder_step, null);
    assert.equal(r.json.ladder_measured_on, null);
    assert.deepEqual(r.json.skills, []);
    assert.deepEqual(r.json.history, []);
    assert.equal(r.json.route, '');
    assert.match(r.json.attribution, /ESCO/);
  });

  test('two PUTs make versions 1 and 2; GET gives 2 with labels and the ladder then and now', async () => {
    let r = await put(km, body());
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 1);
    r = await put(km, body({ ladder_step: 4, ladder_measured_on: day(-3), route: 'werk', route_motivation: 'Klaar voor werk in de horeca.' }));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, 2);

    r = await get(km);
    assert.equal(r.status, 200);
    const it = r.json;
    assert.equal(it.version, 2);
    assert.equal(it.ladder_step, 4);
    assert.equal(it.ladder_measured_on, day(-3));
    assert.equal(it.ladder_outdated, false);
    assert.equal(it.route, 'werk');
    assert.equal(it.route_motivation, 'Klaar voor werk in de horeca.');
    assert.equal(it.hours_per_week, 24);
    assert.equal(it.max_travel_km, 15);
    assert.deepEqual(it.driving_licences, ['AM', 'B']);
    assert.deepEqual(it.barriers, ['taal', 'schulden']);
    assert.equal(it.benefit, 'Participatiewet, norm alleenstaande');
    assert.equal(it.benefit_hidden, false);
    assert.equal(it.by, 'Fatima el Idrissi');
    assert.match(it.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // A Dutch label, and an English one marked as such with its Dutch group.
    const dutch = it.skills.find((s) => s.uri === SPOKEN_DUTCH);
    assert.deepEqual(dutch, { uri: SPOKEN_DUTCH, label: 'gesproken Nederlands begrijpen', label_lang: 'nl', level: 'zelf' });
    const welding = it.skills.find((s) => s.uri === WELDING);
    assert.equal(welding.label, 'welding techniques');
    assert.equal(welding.label_lang, 'en');
    assert.equal(welding.level, 'waargenomen');
    assert.ok(welding.group_label.length > 0, 'an English label comes with its Dutch group');
    assert.deepEqual(it.wishes.map((w) => [w.uri, w.label_lang]), [[BARMAN, 'nl']]);
    assert.deepEqual(it.languages, [{ language: 'ar', level: 'C2' }, { language: 'nl', level: 'A2' }]);
    assert.deepEqual(it.history.map((h) => [h.version, h.ladder_step, h.ladder_measured_on, h.route]),
      [[2, 4, day(-3), 'werk'], [1, 2, day(-200), 'ontwikkelen']]);

    // The case follows the route decided.
    r = await api(srv.url, km, 'GET', `/api/v1/cases/${caseId}`);
    assert.equal(r.json.route, 'werk');
  });

  test('a measurement older than six months is flagged', async () => {
    const c = await openCase(srv.url, km, resident.id);
    let r = await put(km, body({ ladder_measured_on: day(-200) }), c.id);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.ladder_outdated, true);
    r = await put(km, body({ ladder_measured_on: day(0) }), c.id);
    assert.equal(r.json.ladder_outdated, false);
  });

  test('only the ladder step and date are required; the rest has defaults', async () => {
    const c = await openCase(srv.url, km, resident.id);
    const r = await put(km, { ladder_step: 1, ladder_measured_on: day(0) }, c.id);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.hours_per_week, 0);
    assert.equal(r.json.max_travel_km, 25);
    assert.deepEqual(r.json.skills, []);
    assert.equal(r.json.route, '');
    // null is the default too
    const n = await put(km, { ladder_step: 1, ladder_measured_on: day(0), skills: null, route: null }, c.id);
    assert.equal(n.status, 200, n.text);
    assert.equal(n.json.version, 2);
  });
});

describe('bad input is refused and changes nothing', () => {
  const cases = [
    ['ladder step 7', { ladder_step: 7 }, 'ladder_step'],
    ['ladder step 0', { ladder_step: 0 }, 'ladder_step'],
    ['a date in the future', { ladder_measured_on: day(2) }, 'ladder_measured_on'],
    ['an impossible date', { ladder_measured_on: '2025-02-30' }, 'ladder_measured_on'],
    ['a date in another form', { ladder_measured_on: '15-03-2025' }, 'ladder_measured_on'],
    ['61 hours', { hours_per_week: 61 }, 'hours_per_week'],
    ['a huge number of hours', { hours_per_week: 9007199254740991 }, 'hours_per_week'],
    ['negative km', { max_travel_km: -1 }, 'max_travel_km'],
    ['an unknown barrier', { barriers: ['taal', 'heimwee'] }, 'barriers'],
    ['a barrier that is no string', { barriers: [3] }, 'barriers'],
    ['an unknown licence', { driving_licences: ['T'] }, 'driving_licences'],
    ['an unknown route', { route: 'snel' }, 'route'],
    ['a route without motivation', { route: 'beschut', route_motivation: '  ' }, 'route_motivation'],
    ['an oversized motivation', { route_motivation: 'x'.repeat(2001) }, 'route_motivation'],
    ['an oversized benefit', { benefit: 'é'.repeat(501) }, 'benefit'],
    ['a control character', { benefit: 'bijstand\u0007' }, 'benefit'],
    ['an unknown ESCO skill', { skills: [{ uri: UNKNOWN }] }, 'skills'],
    ['an occupation given as skill', { skills: [{ uri: BARMAN }] }, 'skills'],
    ['a skill twice', { skills: [{ uri: WELDING }, { uri: WELDING, level: 'waargenomen' }] }, 'skills'],
    ['an unknown skill level', { skills: [{ uri: WELDING, level: 'expert' }] }, 'skills'],
    ['a skill item with another member', { skills: [{ uri: WELDING, label: 'x' }] }, 'skills'],
    ['a skill item that is a string', { skills: [WELDING] }, 'skills'],
    ['too many skills', { skills: Array.from({ length: 101 }, (_, i) => ({ uri: `${UNKNOWN}${i}` })) }, 'skills'],
    ['an unknown occupation', { wishes: [{ uri: `${BARMAN}x` }] }, 'wishes'],
    ['a language code in capitals', { languages: [{ language: 'NL', level: 'B1' }] }, 'languages'],
    ['a language level D1', { languages: [{ language: 'nl', level: 'D1' }] }, 'languages'],
    ['a language twice', { languages: [{ language: 'nl', level: 'B1' }, { language: 'nl', level: 'B2' }] }, 'languages'],
  ];
  for (const [what, fields, field] of cases) {
    test(`${what}: 422 naming ${field}`, async () => {
      const r = await put(km, body(fields));
      const p = assertProblem(r, 422, what);
      assert.deepEqual(errorFields(r), [field]);
      assert.ok(p.errors[0].message.length > 0);
    });
  }

  test('several problems come back together', async () => {
    const r = await put(km, body({ ladder_step: 9, barriers: ['heimwee'], route: 'werk', route_motivation: '' }));
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['barriers', 'ladder_step', 'route_motivation']);
  });

  test('malformed JSON, wrong types, unknown and missing fields: 400', async () => {
    assertProblem(await put(km, '{"ladder_step": 2,'), 400, 'truncated JSON');
    assertProblem(await put(km, '[1, 2]'), 400, 'not an object');
    let r = await put(km, body({ hours_per_week: '12' }));
    assertProblem(r, 400, 'a string for a number');
    assert.deepEqual(errorFields(r), ['hours_per_week']);
    r = await put(km, body({ ladder_step: 2.5 }));
    assertProblem(r, 400, 'a real for an integer');
    r = await put(km, body({ skills: 'lassen' }));
    assertProblem(r, 400, 'a string for a list');
    assert.deepEqual(errorFields(r), ['skills']);
    r = await put(km, body({ talents: [] }));
    assertProblem(r, 400, 'an unknown field');
    assert.deepEqual(errorFields(r), ['talents']);
    const { ladder_step, ...rest } = body();
    r = await put(km, rest);
    assertProblem(r, 400, 'no ladder step');
    assert.deepEqual(errorFields(r), ['ladder_step']);
    assertProblem(await put(km, JSON.stringify(body()), caseId, { 'content-type': 'text/plain' }), 415);
  });

  test('invalid UTF-8 and a NUL escape are refused', async () => {
    const json = Buffer.from(JSON.stringify(body({ benefit: 'XX' })));
    const at = json.indexOf('XX');
    json[at] = 0xc3;
    json[at + 1] = 0x28;
    assertProblem(await put(km, json), 400, 'invalid UTF-8');
    assertProblem(await put(km, JSON.stringify(body()).replace('Participatiewet', 'Partic\\u0000ipatiewet')), 400, 'NUL');
  });

  test('after all of that the intake is still version 2', async () => {
    const r = await get(km);
    assert.equal(r.json.version, 2);
    assert.equal(r.json.history.length, 2);
  });
});

describe('who may read and write', () => {
  test('a klantmanager of another municipality gets 404, as for a case that does not exist', async () => {
    const other = await get(kmPapendrecht);
    const none = await get(km, 987654321);
    assertProblem(other, 404);
    assertProblem(none, 404);
    assert.equal(other.json.detail, none.json.detail);
    assertProblem(await put(kmPapendrecht, body({ ladder_step: 6 })), 404);
    assertProblem(await put(km, body(), 987654321), 404);
    assert.equal((await get(km)).json.version, 2);
  });

  test('a jobcoach without a referral gets 404', async () => {
    assertProblem(await get(jobcoach), 404);
    assertProblem(await put(jobcoach, body()), 404);
  });

  test('the refusals are in the audit log', async () => {
    const fg = await login(srv.url, 'fg');
    const r = await api(srv.url, fg, 'GET', `/api/v1/audit?resident=${resident.id}&limit=1000`);
    assert.equal(r.status, 200, r.text);
    const mine = r.json.items.filter((a) => a.case_id === caseId);
    const has = (user, action, allowed) => mine.some((a) => a.username === user && a.action === action && a.allowed === allowed);
    assert.ok(has('km.papendrecht', 'case.read', false), 'refused read');
    assert.ok(has('km.papendrecht', 'case.update', false), 'refused write');
    assert.ok(has('jobcoach', 'case.read', false), 'refused jobcoach');
    assert.ok(has('km.dordrecht', 'case.update', true), 'the saves');
    assert.ok(has('km.dordrecht', 'benefit.read', true), 'reading the benefit');
  });

  test('a closed case keeps its intake but takes no new version: 409', async () => {
    const c = await openCase(srv.url, km, resident.id);
    assert.equal((await put(km, body(), c.id)).status, 200);
    const closed = await api(srv.url, km, 'POST', `/api/v1/cases/${c.id}/transitions`, { to: 'afgesloten', reason: 'verhuisd' });
    assert.equal(closed.status, 200, closed.text);
    assertProblem(await put(km, body({ ladder_step: 3 }), c.id), 409);
    const r = await get(km, c.id);
    assert.equal(r.json.version, 1);
  });
});

describe('the intake page', () => {
  let page;
  before(async () => {
    page = new PageClient(srv.url);
    await page.loginOk('km.dordrecht');
  });

  test('the case page links to it; it shows the intake, the ladder then and now and the ESCO attribution', async () => {
    const cp = await page.get(`/dossiers/${caseId}`);
    assert.match(cp.text, new RegExp(`href="/dossiers/${caseId}/intake"`));
    const r = await page.get(`/dossiers/${caseId}/intake`);
    assert.equal(r.status, 200);
    assert.match(r.text, /Trede 4: Onbetaald werk/);
    assert.match(r.text, /Trede 2: Sociale contacten buitenshuis|2: Sociale contacten buitenshuis/);
    assert.match(r.text, /Toen: Trede 2 .*Nu: Trede 4/s);
    assert.match(r.text, /<span lang="en">welding techniques<\/span> <span class="wr-muted">\(Engels; groep: /);
    assert.match(r.text, /gesproken Nederlands begrijpen/);
    assert.match(r.text, /Participatiewet, norm alleenstaande/);
    assert.match(r.text, /Deze dienst gebruikt de ESCO-classificatie van de Europese Commissie/);
    assert.doesNotMatch(r.text, /meet minstens twee keer per jaar/);
  });

  test('searching by a few letters, accents ignored, lists matches with an add button', async () => {
    const r = await page.get(`/dossiers/${caseId}/intake?q=cafebed&soort=beroep`);
    assert.equal(r.status, 200);
    assert.match(r.text, /barman\/barvrouw/);
    assert.match(r.text, new RegExp(`<form class="wr-row-form" method="post" action="/dossiers/${caseId}/intake/esco">`));
    let s = await page.get(`/dossiers/${caseId}/intake?q=${encodeURIComponent('GESPROKEN nederl')}&soort=vaardigheid`);
    assert.match(s.text, /gesproken Nederlands begrijpen/);
    s = await page.get(`/dossiers/${caseId}/intake?q=weld&soort=vaardigheid`);
    assert.match(s.text, /<span lang="en">welding techniques<\/span>/);
    s = await page.get(`/dossiers/${caseId}/intake?q=qqqzzz&soort=vaardigheid`);
    assert.match(s.text, /Niets gevonden/);
    const bad = await page.get(`/dossiers/${caseId}/intake?q=${'x'.repeat(101)}`);
    assert.equal(bad.status, 400);
    assert.match(bad.text, /zoekterm/);
  });

  test('adding and removing an ESCO item each save a new version', async () => {
    const before = (await get(km)).json.version;
    let r = await page.post(`/dossiers/${caseId}/intake/esco`, { soort: 'beroep', uri: 'http://data.europa.eu/esco/occupation/e1cf6897-158d-4b48-a39e-2a3a8cac216c' });
    assert.equal(r.status, 303, r.text);
    assert.match(r.location, /melding=esco_toegevoegd/);
    let it = (await get(km)).json;
    assert.equal(it.version, before + 1);
    assert.ok(it.wishes.some((w) => w.label === 'keukenhulp'));
    // The level switch: the same skill added again with the other level.
    r = await page.post(`/dossiers/${caseId}/intake/esco`, { soort: 'vaardigheid', uri: SPOKEN_DUTCH, niveau: 'waargenomen' });
    assert.equal(r.status, 303);
    it = (await get(km)).json;
    assert.equal(it.skills.find((s) => s.uri === SPOKEN_DUTCH).level, 'waargenomen');
    assert.equal(it.skills.length, 2);
    r = await page.post(`/dossiers/${caseId}/intake/esco/verwijderen`, { soort: 'vaardigheid', uri: WELDING });
    assert.equal(r.status, 303);
    it = (await get(km)).json;
    assert.equal(it.version, before + 3);
    assert.deepEqual(it.skills.map((s) => s.uri), [SPOKEN_DUTCH]);
    assert.equal(it.ladder_step, 4, 'the rest of the intake stays as it was');
    assert.equal(it.benefit, 'Participatiewet, norm alleenstaande');
    // An unknown URI is refused with a Dutch message, nothing saved.
    r = await page.post(`/dossiers/${caseId}/intake/esco`, { soort: 'vaardigheid', uri: UNKNOWN });
    assert.equal(r.status, 422);
    assert.match(r.text, /Niet gevonden in ESCO/);
    assert.equal((await get(km)).json.version, before + 3);
  });

  test('the edit form saves a new version; mistakes come back in Dutch with what was typed', async () => {
    const before = (await get(km)).json.version;
    let r = await page.post(`/dossiers/${caseId}/intake`, {
      ladder_step: '7', ladder_measured_on: day(5), hours_per_week: 'veel', max_travel_km: '20',
      route: 'werk', route_motivation: '', benefit: 'bijstand', language: 'nl', language_level: 'B1',
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="foutenoverzicht"/);
    assert.match(r.text, /Kies een trede van 1 tot en met 6/);
    assert.match(r.text, /niet in de toekomst liggen/);
    assert.match(r.text, /Geef een motivering bij de gekozen route/);
    assert.match(r.text, /value="veel"/);
    assert.equal((await get(km)).json.version, before);

    const form = new URLSearchParams([
      ['csrf', page.csrf], ['ladder_step', '5'], ['ladder_measured_on', day(0)], ['hours_per_week', '32'],
      ['max_travel_km', '30'], ['driving_licences', 'B'], ['driving_licences', 'BE'], ['barriers', 'vervoer'],
      ['language', 'nl'], ['language_level', 'B2'], ['language', ''], ['language_level', 'A0'],
      ['language', 'ti'], ['language_level', 'C2'],
      ['route', 'werk'], ['route_motivation', 'Proefplaatsing in de keuken.'], ['benefit', 'Bijstand, stopt bij werk'],
    ]).toString();
    r = await page.post(`/dossiers/${caseId}/intake`, form);
    assert.equal(r.status, 303, r.text);
    const it = (await get(km)).json;
    assert.equal(it.version, before + 1);
    assert.equal(it.ladder_step, 5);
    assert.deepEqual(it.driving_licences, ['B', 'BE']);
    assert.deepEqual(it.barriers, ['vervoer']);
    assert.deepEqual(it.languages, [{ language: 'nl', level: 'B2' }, { language: 'ti', level: 'C2' }]);
    assert.equal(it.route_motivation, 'Proefplaatsing in de keuken.');
    assert.deepEqual(it.skills.map((s) => s.uri), [SPOKEN_DUTCH], 'skills are kept');
    const shown = await page.get(`/dossiers/${caseId}/intake`);
    assert.match(shown.text, /Trede 5: Betaald werk met ondersteuning/);
  });

  test('another municipality sees no page; a POST without CSRF token is refused', async () => {
    const other = new PageClient(srv.url);
    await other.loginOk('km.papendrecht');
    assert.equal((await other.get(`/dossiers/${caseId}/intake`)).status, 404);
    assert.equal((await other.post(`/dossiers/${caseId}/intake/esco`, { soort: 'beroep', uri: BARMAN })).status, 404);
    const r = await page.post(`/dossiers/${caseId}/intake/esco`, { csrf: 'nope', soort: 'beroep', uri: BARMAN });
    assert.equal(r.status, 403);
  });
});
