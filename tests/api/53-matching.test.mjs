// Employers, workplaces, explained matching both ways, proposals and
// placements over the API (issue 5), and `werkroute match`: the employer
// adviser (wgadviseur) keeps the network, creates a workplace whose skills
// come from ESCO, finds the residents who fit it and proposes one; the
// employer (werkgever.merwedeoever) sees that proposal anonymously until the
// resident consents and the adviser shares the profile, gives feedback, and
// never sees another employer's organisation or workplaces; the placement
// carries its 6- and 12-month checks. Every kind of bad input is a problem
// document.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  DATA, api, assertProblem, createResident, errorFields, login, openCase, run, runOk, startServer,
} from './lib.mjs';

const BARMAN = 'http://data.europa.eu/esco/occupation/2f5e38a0-6578-4665-bdbd-e2ab505be140';

/** The essential and optional skill URIs of an occupation, from ESCO itself. */
function escoSkills(occupation) {
  const lines = fs.readFileSync(path.join(DATA, 'esco_occupation_skill_relations.tsv'), 'utf8').split('\n');
  const essential = [], optional = [];
  for (const line of lines) {
    const [occ, relation, , skill] = line.split('\t');
    if (occ !== occupation) continue;
    (relation === 'essential' ? essential : optional).push(skill);
  }
  return { essential, optional };
}

/** YYYY-MM-DD, days from today, in UTC as the server. */
function day(offset = 0) {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** The first of this month, and the date months later (the checks' due days). */
function firstOfMonth(addMonths = 0) {
  const d = new Date();
  const m = d.getUTCMonth() + addMonths;
  const date = new Date(Date.UTC(d.getUTCFullYear() + Math.floor(m / 12), ((m % 12) + 12) % 12, 1));
  return date.toISOString().slice(0, 10);
}

let srv, adviser, emp, km, skills, merwedeoever;
const suffix = String(Date.now()).slice(-6);
before(async () => {
  srv = await startServer({ demo: true });
  [adviser, emp, km] = await Promise.all([login(srv.url, 'wgadviseur'),
    login(srv.url, 'werkgever.merwedeoever'), login(srv.url, 'km.dordrecht')]);
  skills = escoSkills(BARMAN);
  assert.ok(skills.essential.length >= 3 && skills.optional.length >= 3, 'ESCO relations of barman');
  const orgs = (await api(srv.url, km, 'GET', '/api/v1/organisations?kind=employer')).json.items;
  merwedeoever = orgs.find((o) => o.name.includes('Merwedeoever'));
  assert.ok(merwedeoever, 'the demo employer Merwedeoever');
});
after(() => srv?.stop());

const get = (token, p) => api(srv.url, token, 'GET', p);
const post = (token, p, body) => api(srv.url, token, 'POST', p, body);
const patch = (token, p, body) => api(srv.url, token, 'PATCH', p, body);
const put = (token, p, body) => api(srv.url, token, 'PUT', p, body);

/** A random valid KvK number (8 digits, not all zero). */
const kvk = () => String(10_000_000 + Math.floor(Math.random() * 89_999_999));

/**
 * A Dordrecht resident with an active case (phase intake) and an intake on
 * route, holding skillUris; availability confirmed unless available false.
 */
async function candidate(name, { skillUris, route = 'werk', available = true, wishes = [] }) {
  const resident = await createResident(srv.url, km, { first_name: name, last_name: `Match${suffix}` });
  const kase = await openCase(srv.url, km, resident.id);
  let r = await post(km, `/api/v1/cases/${kase.id}/transitions`, { to: 'intake' });
  assert.equal(r.status, 200, r.text);
  r = await put(km, `/api/v1/cases/${kase.id}/intake`, {
    hours_per_week: 32, max_travel_km: 25, driving_licences: ['B'], ladder_step: 4,
    ladder_measured_on: day(-10), route, route_motivation: 'Klaar voor werk in de horeca.',
    skills: skillUris.map((uri) => ({ uri, level: 'waargenomen' })),
    wishes: wishes.map((uri) => ({ uri })),
    languages: [{ language: 'nl', level: 'B2' }],
  });
  assert.equal(r.status, 200, r.text);
  if (available) {
    r = await put(km, `/api/v1/cases/${kase.id}/availability`, { confirmed_on: day(), months: 3 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.confirmed_on, day());
    assert.equal(r.json.expired, false);
  }
  return { resident, kase };
}

describe('employers', () => {
  test('the adviser lists the network', async () => {
    const r = await get(adviser, '/api/v1/employers');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.total, r.json.items.length);
    for (const e of r.json.items) {
      assert.equal(typeof e.id, 'number');
      assert.match(e.kvk, /^\d{8}$/);
      assert.ok(Array.isArray(e.contacts) && Array.isArray(e.municipalities));
    }
    assertProblem(await get(null, '/api/v1/employers'), 401);
  });

  test('create: the KvK number is checked, normalised and unique', async () => {
    let r = await post(adviser, '/api/v1/employers', { name: `Horeca Test ${suffix}`, kvk: '1234567', postcode: '3311 AB' });
    assertProblem(r, 422);
    assert.ok(errorFields(r).includes('kvk'), r.text);
    r = await post(adviser, '/api/v1/employers', { name: `Horeca Test ${suffix}`, kvk: '0000 0000', postcode: '3311 AB' });
    assertProblem(r, 422);
    const number = kvk();
    r = await post(adviser, '/api/v1/employers', {
      name: `Horeca Test ${suffix}`, kvk: `${number.slice(0, 4)} ${number.slice(4)}`, sbi: '5630',
      address: 'Voorstraat 1', postcode: '3311 AB', city: 'Dordrecht', network: 'MVO Drechtsteden',
      pso_level: 'trede1', contacts: [{ name: 'Sanne de Wit', position: 'Bedrijfsleider', email: 'sanne@example.nl' }],
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('location'), `/api/v1/employers/${r.json.id}`);
    assert.equal(r.json.kvk, number);
    assert.equal(r.json.pso_level, 'trede1');
    assert.equal(r.json.contacts[0].name, 'Sanne de Wit');
    const id = r.json.id;
    assertProblem(await post(adviser, '/api/v1/employers', { name: `Ander ${suffix}`, kvk: number, postcode: '3311 AB' }), 409);
    r = await patch(adviser, `/api/v1/employers/${id}`, { notes: 'Zoekt barpersoneel.', pso_level: 'trede2' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.notes, 'Zoekt barpersoneel.');
    assert.equal(r.json.pso_level, 'trede2');
    assert.equal(r.json.kvk, number, 'what is not sent stays');
    r = await get(adviser, `/api/v1/employers/${id}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.name, `Horeca Test ${suffix}`);
  });

  test('an employer may not add employers', async () => {
    assertProblem(await post(emp, '/api/v1/employers', { name: `Stiekem ${suffix}`, kvk: kvk(), postcode: '3311 AB' }), 403);
  });
});

describe('workplaces, matching, proposals and placements', () => {
  let vacancy, other, strong, weak, sidelined, unconfirmed, proposal, rejected;

  test('a workplace without skills gets its occupation\'s skills from ESCO', async () => {
    const r = await post(adviser, '/api/v1/vacancies', {
      employer_id: merwedeoever.id, occupation_uri: BARMAN, hours: 32, postcode: '3312 AB',
      kind: 'regulier', places: 2, title: `Barmedewerker ${suffix}`, starts_on: day(30),
      wage_subsidy: true, job_coaching: true, licences: [], description: 'Achter de bar in het centrum.',
    });
    assert.equal(r.status, 201, r.text);
    vacancy = r.json;
    assert.equal(r.headers.get('location'), `/api/v1/vacancies/${vacancy.id}`);
    assert.equal(vacancy.employer_id, merwedeoever.id);
    assert.equal(vacancy.occupation.uri, BARMAN);
    assert.equal(vacancy.status, 'open');
    const essential = vacancy.skills.filter((s) => s.essential).map((s) => s.uri).sort();
    const optional = vacancy.skills.filter((s) => !s.essential).map((s) => s.uri).sort();
    assert.deepEqual(essential, [...skills.essential].sort(), 'essential skills from ESCO');
    assert.deepEqual(optional, [...skills.optional].sort(), 'optional skills from ESCO');
    assert.ok(vacancy.skills.every((s) => typeof s.label === 'string' && s.label.length > 0));
    assert.match(vacancy.attribution, /ESCO/);
  });

  test('given skills are kept as given; another employer\'s workplace for the isolation checks', async () => {
    let r = await post(adviser, '/api/v1/employers', { name: `Ander Café ${suffix}`, kvk: kvk(), postcode: '3311 AB' });
    assert.equal(r.status, 201, r.text);
    r = await post(adviser, '/api/v1/vacancies', {
      employer_id: r.json.id, occupation_uri: BARMAN, hours: 24, postcode: '3311 AB', kind: 'proefplaatsing',
      places: 1, licences: ['B'], dutch_level: 'A2',
      skills: [{ uri: skills.essential[0], essential: true }, { uri: skills.optional[0], essential: false }],
    });
    assert.equal(r.status, 201, r.text);
    other = r.json;
    assert.deepEqual(other.skills.map((s) => [s.uri, s.essential]).sort(),
      [[skills.essential[0], true], [skills.optional[0], false]].sort());
    assert.deepEqual(other.licences, ['B']);
    assert.equal(other.dutch_level, 'A2');
  });

  test('residents for a workplace: best first, explained with labels, only those in matching', async () => {
    strong = await candidate('Sterk', { skillUris: skills.essential, wishes: [BARMAN] });
    weak = await candidate('Optioneel', { skillUris: skills.optional });
    sidelined = await candidate('Ondersteuning', { skillUris: skills.essential, route: 'ondersteuning' });
    unconfirmed = await candidate('Onbevestigd', { skillUris: skills.essential, available: false });

    const r = await get(adviser, `/api/v1/vacancies/${vacancy.id}/matches?limit=100`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.vacancy_id, vacancy.id);
    const items = r.json.items;
    assert.equal(r.json.total, items.length);
    for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].score >= items[i].score, 'best first');
    items.forEach((it, i) => assert.equal(it.rank, i + 1));
    const ids = items.map((it) => it.case_id);
    const a = ids.indexOf(strong.kase.id), b = ids.indexOf(weak.kase.id);
    assert.ok(a >= 0, 'the resident with the essential skills is matched');
    assert.ok(b >= 0, 'the resident with the optional skills is matched');
    assert.ok(a < b, 'essential skills rank above optional ones');
    assert.ok(!ids.includes(sidelined.kase.id), 'route ondersteuning is not in matching');
    assert.ok(!ids.includes(unconfirmed.kase.id), 'no confirmed availability, not in matching');

    const top = items[a];
    assert.equal(top.resident_id, strong.resident.id);
    assert.equal(top.name, `Sterk Match${suffix}`);
    const why = top.explanation;
    assert.equal(typeof why.distance_km, 'number');
    assert.ok(why.distance_km >= 0 && why.distance_km < 25);
    assert.ok(why.hours_fit > 0 && why.hours_fit <= 1);
    assert.equal(why.wish, true);
    assert.equal(why.score, top.score);
    assert.deepEqual(why.matched_skills.filter((s) => s.essential).map((s) => s.uri).sort(), [...skills.essential].sort());
    assert.deepEqual(why.missing_skills, []);
    assert.ok(why.matched_skills.every((s) => s.uri.startsWith('http://data.europa.eu/esco/skill/') && s.label));
    const low = items[b].explanation;
    assert.equal(low.missing_skills.length, skills.essential.length, 'every essential skill missing');
    assert.ok(low.missing_skills.every((s) => s.label && s.essential === true));

    const one = await get(adviser, `/api/v1/vacancies/${vacancy.id}/matches?limit=1`);
    assert.equal(one.json.items.length, 1);
    assert.equal(one.json.items[0].score, items[0].score);
  });

  test('workplaces for a resident: best first, with the explanation', async () => {
    const r = await get(adviser, `/api/v1/residents/${strong.resident.id}/matches?limit=20`);
    assert.equal(r.status, 200, r.text);
    const items = r.json.items;
    for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].score >= items[i].score);
    const mine = items.find((it) => it.vacancy_id === vacancy.id);
    assert.ok(mine, 'the barman workplace fits the barman');
    assert.equal(mine.title, `Barmedewerker ${suffix}`);
    assert.equal(mine.kind, 'regulier');
    assert.ok(mine.explanation.matched_skills.length >= skills.essential.length);
    assert.equal(typeof mine.explanation.distance_km, 'number');
    // The other workplace needs a driving licence B, which the barman has.
    assert.ok(items.some((it) => it.vacancy_id === other.id));
    // What a hard requirement leaves out comes with the requirement.
    assert.ok(Array.isArray(r.json.excluded), r.text);
    for (const ex of r.json.excluded) {
      assert.ok(['afstand', 'rijbewijs', 'taalniveau', 'uren'].includes(ex.explanation.filter), JSON.stringify(ex));
      assert.ok(!items.some((it) => it.vacancy_id === ex.vacancy_id));
    }
    // A resident out of matching has no matches to show.
    const s = await get(adviser, `/api/v1/residents/${sidelined.resident.id}/matches`);
    assert.ok(s.status === 404 || (s.status === 200 && s.json.items.length === 0), s.text);
  });

  test('propose, and move to gesprek and proefplaatsing', async () => {
    let r = await post(adviser, '/api/v1/proposals', { vacancy_id: vacancy.id, case_id: strong.kase.id });
    assert.equal(r.status, 201, r.text);
    proposal = r.json;
    assert.equal(r.headers.get('location'), `/api/v1/proposals/${proposal.id}`);
    assert.equal(proposal.status, 'voorgesteld');
    assert.equal(proposal.case_id, strong.kase.id);
    assert.equal(proposal.resident_id, strong.resident.id);
    assert.equal(proposal.candidate, `Sterk Match${suffix}`);
    assert.equal(proposal.anonymous, false);
    assert.equal(proposal.profile_shared, false);
    assertProblem(await post(adviser, '/api/v1/proposals', { vacancy_id: vacancy.id, case_id: strong.kase.id }), 409);
    r = await get(adviser, `/api/v1/vacancies/${vacancy.id}/matches?limit=100`);
    assert.deepEqual(r.json.items.find((it) => it.case_id === strong.kase.id).proposal, { id: proposal.id, status: 'voorgesteld' });

    r = await post(adviser, `/api/v1/proposals/${proposal.id}/transitions`, { to: 'gesprek', reason: 'Kennismaking op 3 maart.' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'gesprek');
    r = await post(adviser, `/api/v1/proposals/${proposal.id}/transitions`, { to: 'proefplaatsing' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'proefplaatsing');
    assert.deepEqual(r.json.steps.map((s) => s.to), ['voorgesteld', 'gesprek', 'proefplaatsing'].slice(-r.json.steps.length));
    assertProblem(await post(adviser, `/api/v1/proposals/${proposal.id}/transitions`, { to: 'gesprek' }), 409);
    r = await get(adviser, `/api/v1/proposals?vacancy_id=${vacancy.id}`);
    assert.equal(r.status, 200);
    assert.ok(r.json.items.some((p) => p.id === proposal.id));
    r = await get(adviser, `/api/v1/proposals?case_id=${strong.kase.id}`);
    assert.ok(r.json.items.some((p) => p.id === proposal.id));
  });

  test('the employer sees the proposal anonymously and gives feedback', async () => {
    let r = await get(emp, `/api/v1/proposals/${proposal.id}`);
    assert.equal(r.status, 200, r.text);
    const p = r.json;
    assert.equal(p.anonymous, true);
    assert.match(p.candidate, /^Kandidaat \d+$/);
    assert.ok(!('resident_id' in p) && !('case_id' in p) && !('consent_profile' in p), JSON.stringify(p));
    assert.ok(!r.text.includes('Sterk') && !r.text.includes(`Match${suffix}`), 'no name anywhere');
    assert.ok(!new RegExp(`"(resident_id|case_id)"`).test(r.text));
    if (p.explanation) {
      assert.deepEqual(Object.keys(p.explanation).sort(), ['distance_km', 'hours_fit', 'matched_skills', 'score']);
      assert.ok(p.explanation.matched_skills.length > 0);
    }
    r = await get(emp, '/api/v1/proposals');
    assert.equal(r.status, 200, r.text);
    const listed = r.json.items.find((x) => x.id === proposal.id);
    assert.ok(listed && listed.anonymous && !('resident_id' in listed));
    assert.ok(r.json.items.every((x) => x.employer_id === merwedeoever.id), 'only its own workplaces');
    assert.ok(!r.text.includes(`Match${suffix}`));

    // The placement itself is the professional's step; rejecting needs a reason.
    assertProblem(await post(emp, `/api/v1/proposals/${proposal.id}/transitions`, { to: 'geplaatst' }), 403);
    r = await post(adviser, '/api/v1/proposals', { vacancy_id: vacancy.id, case_id: weak.kase.id });
    assert.equal(r.status, 201, r.text);
    rejected = r.json;
    r = await post(emp, `/api/v1/proposals/${rejected.id}/transitions`, { to: 'gesprek', reason: 'Graag een gesprek.' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'gesprek');
    assert.equal(r.json.anonymous, true);
    assertProblem(await post(emp, `/api/v1/proposals/${rejected.id}/transitions`, { to: 'afgewezen' }), 422);
    r = await post(emp, `/api/v1/proposals/${rejected.id}/transitions`, { to: 'afgewezen', reason: 'Mist ervaring achter de bar.' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'afgewezen');
    assert.equal(r.json.reject_reason, 'Mist ervaring achter de bar.');
    // Nor may the employer switch the profile on.
    assertProblem(await post(emp, `/api/v1/proposals/${proposal.id}/share`, { share: true }), 403);
  });

  test('an employer sees nothing of another employer, nor residents', async () => {
    assertProblem(await get(emp, `/api/v1/employers/${other.employer_id}`), 404);
    assertProblem(await patch(emp, `/api/v1/employers/${other.employer_id}`, { notes: 'x' }), 404);
    assertProblem(await get(emp, `/api/v1/vacancies/${other.id}`), 404);
    assert.ok([403, 404].includes((await patch(emp, `/api/v1/vacancies/${other.id}`, { places: 3 })).status));
    let r = await get(emp, '/api/v1/employers');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items.map((e) => e.id), [merwedeoever.id]);
    r = await get(emp, '/api/v1/vacancies');
    assert.equal(r.status, 200);
    assert.ok(r.json.items.every((v) => v.employer_id === merwedeoever.id));
    assert.ok(r.json.items.some((v) => v.id === vacancy.id));
    assert.equal((await get(emp, `/api/v1/vacancies/${vacancy.id}`)).status, 200);
    r = await get(emp, `/api/v1/vacancies/${vacancy.id}/matches`);
    assert.ok([403, 404].includes(r.status), `matches show residents: ${r.status}`);
    assertProblem(r, r.status);
    r = await get(emp, `/api/v1/residents/${strong.resident.id}/matches`);
    assert.ok([403, 404].includes(r.status));
    r = await post(emp, '/api/v1/proposals', { vacancy_id: vacancy.id, case_id: unconfirmed.kase.id });
    assert.ok([403, 404].includes(r.status), r.text);
    assertProblem(r, r.status);
  });

  test('share and consent: only both together show the employer who it is', async () => {
    let r = await post(adviser, `/api/v1/proposals/${proposal.id}/share`, { share: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.profile_shared, true);
    assert.equal(r.json.consent_profile, false);
    r = await get(emp, `/api/v1/proposals/${proposal.id}`);
    assert.equal(r.json.anonymous, true, 'no consent yet');
    assert.ok(!r.text.includes(`Match${suffix}`));
    r = await post(km, `/api/v1/residents/${strong.resident.id}/consents`, { scope: 'profiel_werkgevers', given_on: day(), how: 'handtekening' });
    assert.equal(r.status, 201, r.text);
    r = await get(emp, `/api/v1/proposals/${proposal.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.json.anonymous, false);
    assert.equal(r.json.candidate, `Sterk Match${suffix}`);
    assert.equal(r.json.resident_id, strong.resident.id);
    r = await post(adviser, `/api/v1/proposals/${proposal.id}/share`, { share: false });
    assert.equal(r.status, 200);
    r = await get(emp, `/api/v1/proposals/${proposal.id}`);
    assert.equal(r.json.anonymous, true, 'switched off again');
    assert.ok(!r.text.includes(`Match${suffix}`));
    assert.equal((await post(adviser, `/api/v1/proposals/${proposal.id}/share`, { share: true })).status, 200);
  });

  test('the adviser places it; the checks at 6 and 12 months are due', async () => {
    const start = firstOfMonth();
    let r = await post(adviser, '/api/v1/placements', {
      proposal_id: proposal.id, starts_on: start, contract: 'bepaalde_tijd', hours_per_week: 32,
      wage_cents: 1450, loonwaarde_pct: 80, subsidy: 'loonkostensubsidie', job_coach: 'Gerda Mulder',
    });
    assert.equal(r.status, 201, r.text);
    const placement = r.json;
    assert.equal(r.headers.get('location'), `/api/v1/placements/${placement.id}`);
    assert.equal(placement.proposal_id, proposal.id);
    assert.equal(placement.starts_on, start);
    assert.equal(placement.contract, 'bepaalde_tijd');
    assert.equal(placement.subsidy, 'loonkostensubsidie');
    assert.equal(placement.loonwaarde_pct, 80);
    assert.deepEqual(placement.checks.map((c) => [c.months, c.due_on, c.lasted, c.checked_on]),
      [[6, firstOfMonth(6), null, null], [12, firstOfMonth(12), null, null]]);
    r = await get(adviser, `/api/v1/proposals/${proposal.id}`);
    assert.equal(r.json.status, 'geplaatst');
    assert.equal(r.json.placement_id, placement.id);
    assertProblem(await post(adviser, '/api/v1/placements', {
      proposal_id: proposal.id, starts_on: start, contract: 'bepaalde_tijd', hours_per_week: 32, wage_cents: 1450,
    }), 409);
    r = await get(adviser, '/api/v1/placements');
    assert.equal(r.status, 200);
    assert.ok(r.json.items.some((p) => p.id === placement.id));

    r = await post(adviser, `/api/v1/placements/${placement.id}/checks`, { months: 6, lasted: true, note: 'Werkt er met plezier.' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.checks[0].lasted, true);
    assert.equal(r.json.checks[0].checked_on, day());
    assert.equal(r.json.checks[0].note, 'Werkt er met plezier.');
    assert.equal(r.json.checks[1].lasted, null);
    assertProblem(await post(adviser, `/api/v1/placements/${placement.id}/checks`, { months: 7, lasted: true }), 422);
    assertProblem(await post(adviser, `/api/v1/placements/${placement.id}/checks`, { months: 6 }), 400);
    assertProblem(await get(adviser, '/api/v1/placements/987654321'), 404);
  });
});

describe('bad input is a problem document, never a crash', () => {
  const vacancyBody = (fields = {}) => ({
    employer_id: merwedeoever.id, occupation_uri: BARMAN, hours: 20, postcode: '3311 AB', kind: 'regulier', places: 1, ...fields,
  });

  test('wrong JSON types and unknown fields: 400 naming the field', async () => {
    let r = await post(adviser, '/api/v1/vacancies', vacancyBody({ hours: '32' }));
    assertProblem(r, 400);
    assert.deepEqual(errorFields(r), ['hours']);
    r = await post(adviser, '/api/v1/vacancies', vacancyBody({ salary: 3000 }));
    assertProblem(r, 400);
    assert.deepEqual(errorFields(r), ['salary']);
    r = await post(adviser, '/api/v1/vacancies', { occupation_uri: BARMAN });
    assertProblem(r, 400);
    assert.ok(errorFields(r).includes('employer_id'));
    assertProblem(await post(adviser, '/api/v1/employers', { name: 5, kvk: [] }), 400);
    assertProblem(await post(adviser, '/api/v1/proposals', { vacancy_id: '1', case_id: 1 }), 400);
    assertProblem(await post(adviser, '/api/v1/proposals/1/share', { share: 'yes' }), 400);
    assertProblem(await post(adviser, '/api/v1/placements/1/checks', { months: 6, lasted: 1 }), 400);
    assertProblem(await put(adviser, '/api/v1/cases/1/availability', { months: '3' }), 400);
    assertProblem(await post(adviser, '/api/v1/vacancies', '[1, 2]'), 400);
    assertProblem(await post(adviser, '/api/v1/vacancies', '{"hours": 1, "hours": 2}'), 400);
    assertProblem(await api(srv.url, adviser, 'POST', '/api/v1/vacancies', 'kind=regulier', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
  });

  test('unknown choices and values out of range: 422 naming the field', async () => {
    let r = await post(adviser, '/api/v1/vacancies', vacancyBody({ kind: 'vast', licences: ['Z'], dutch_level: 'D1' }));
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['dutch_level', 'kind', 'licences']);
    r = await post(adviser, '/api/v1/vacancies', vacancyBody({ hours: 4_000_000_000_000, places: -5 }));
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['hours', 'places']);
    r = await post(adviser, '/api/v1/vacancies', vacancyBody({ skills: ['http://data.europa.eu/esco/skill/x'] }));
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['skills']);
    r = await post(adviser, '/api/v1/vacancies', vacancyBody({ skills: [{ uri: BARMAN, essential: true }], occupation_uri: 'http://example.org/nee' }));
    assertProblem(r, 422);
    assert.ok(errorFields(r).includes('occupation_uri'));
    r = await post(adviser, '/api/v1/vacancies', vacancyBody({ skills: Array.from({ length: 201 }, () => ({ uri: BARMAN })) }));
    assertProblem(r, 422);
    r = await post(adviser, '/api/v1/employers', { name: 'X', kvk: kvk(), postcode: '3311 AB', pso_level: 'trede9', contacts: [1] });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['contacts', 'pso_level']);
    r = await post(adviser, '/api/v1/proposals/1/transitions', { to: 'aangenomen' });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['to']);
    r = await put(km, '/api/v1/cases/1/availability', { confirmed_on: '15-03-2026' });
    assertProblem(r, 422);
    r = await put(km, '/api/v1/cases/1/availability', { months: 13 });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['months']);
    r = await post(adviser, '/api/v1/placements', { proposal_id: 1, starts_on: 'morgen', contract: 'vast', hours_per_week: 99, wage_cents: -1 });
    assert.ok([404, 422].includes(r.status), r.text);
    assertProblem(r, r.status);
  });

  test('negative, zero and unknown ids', async () => {
    let r = await post(adviser, '/api/v1/proposals', { vacancy_id: -1, case_id: 0 });
    assertProblem(r, 422);
    r = await post(adviser, '/api/v1/vacancies', vacancyBody({ employer_id: -7 }));
    assert.ok([404, 422].includes(r.status), r.text);
    assertProblem(r, r.status);
    r = await post(adviser, '/api/v1/placements', { proposal_id: -3, starts_on: day(), contract: 'bepaalde_tijd', hours_per_week: 20, wage_cents: 1400 });
    assertProblem(r, 422);
    for (const p of ['/api/v1/vacancies/-1', '/api/v1/vacancies/0', '/api/v1/employers/abc', '/api/v1/proposals/1e3',
      '/api/v1/vacancies/987654321', '/api/v1/employers/987654321', '/api/v1/proposals/987654321',
      '/api/v1/vacancies/987654321/matches', '/api/v1/residents/987654321/matches', '/api/v1/cases/987654321/availability']) {
      assertProblem(await get(adviser, p), 404, p);
    }
    assertProblem(await get(adviser, '/api/v1/vacancies?employer_id=-1'), 400);
    assertProblem(await get(adviser, '/api/v1/proposals?case_id=abc'), 400);
    assertProblem(await get(adviser, '/api/v1/vacancies?status=dicht'), 400);
  });

  test('limits: huge, zero, not a number, and offset are refused', async () => {
    const v = (await get(adviser, '/api/v1/vacancies?limit=1')).json.items[0];
    for (const q of ['limit=0', 'limit=101', 'limit=1000000000000', 'limit=-1', 'limit=abc', 'limit=5&offset=5', 'limit=%ZZ']) {
      assertProblem(await get(adviser, `/api/v1/vacancies/${v.id}/matches?${q}`), 400, q);
    }
    assertProblem(await get(adviser, '/api/v1/employers?limit=1001'), 400);
    assertProblem(await get(adviser, '/api/v1/proposals?limit=99999999999'), 400);
  });

  test('invalid UTF-8, a NUL and an oversized body', async () => {
    const bad = Buffer.concat([Buffer.from('{"name": "Caf'), Buffer.from([0xc3, 0x28]), Buffer.from(`", "kvk": "${kvk()}"}`)]);
    assertProblem(await post(adviser, '/api/v1/employers', bad), 400);
    assertProblem(await post(adviser, '/api/v1/employers', `{"name": "A\\u0000B", "kvk": "${kvk()}"}`), 400);
    const huge = JSON.stringify(vacancyBody({ description: 'x'.repeat(2 * 1024 * 1024) }));
    const r = await post(adviser, '/api/v1/vacancies', huge);
    assertProblem(r, 413);
    const text = await post(adviser, '/api/v1/vacancies', vacancyBody({ description: 'x'.repeat(5000) }));
    assertProblem(text, 422);
    assert.deepEqual(errorFields(text), ['description']);
    // Still serving.
    assert.equal((await get(adviser, '/api/v1/employers?limit=1')).status, 200);
  });
});

describe('werkroute match', () => {
  test('writes the batch as CSV: header, then rows by resident and rank', async () => {
    const r = await runOk(['match', '--db', srv.db, '--per-resident', '3']);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'case_id,resident_id,vacancy_id,rank,score,distance_km');
    const rows = lines.slice(1).map((l) => l.split(','));
    assert.ok(rows.length > 0, 'rows');
    const perCase = new Map();
    for (const row of rows) {
      assert.equal(row.length, 6, row.join(','));
      const [caseId, , vacancyId, rank, score, km] = row.map(Number);
      assert.ok(Number.isInteger(caseId) && Number.isInteger(vacancyId) && rank >= 1 && rank <= 3);
      assert.ok(score >= 0 && score <= 100 && km >= 0);
      const list = perCase.get(caseId) || [];
      list.push({ rank, score });
      perCase.set(caseId, list);
    }
    for (const list of perCase.values()) {
      list.forEach((x, i) => assert.equal(x.rank, i + 1));
      for (let i = 1; i < list.length; i++) assert.ok(list[i - 1].score >= list[i].score);
    }
    assert.match(r.stderr, /werkroute: match: \d+ residents/);
  });

  test('--out writes a file; bad options are refused', async () => {
    const out = path.join(srv.dir, 'matches.csv');
    await runOk(['match', '--db', srv.db, '--out', out]);
    const text = fs.readFileSync(out, 'utf8');
    assert.match(text, /^case_id,resident_id,vacancy_id,rank,score,distance_km\n/);
    assert.ok(fs.readdirSync(srv.dir).every((f) => !f.includes('.tmp-')), 'no temporary file left');
    assert.equal((await run(['match', '--db', srv.db, '--per-resident', '0'])).code, 2);
    assert.equal((await run(['match', '--db', srv.db, '--per-resident', '101'])).code, 2);
    assert.equal((await run(['match', '--db', srv.db, '--bogus'])).code, 2);
    const help = await runOk(['match', '--help']);
    assert.match(help.stdout, /--per-resident/);
  });
});
