// Cases (dossiers) and their phase state machine, the history of every
// move, and notes (journaal) with their visibility.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api, assertProblem, createResident, errorFields, login, openCase, startServer,
} from './lib.mjs';

let srv, km, resident;
before(async () => {
  srv = await startServer({ demo: true });
  km = await login(srv.url, 'km.dordrecht');
  resident = await createResident(srv.url, km, { first_name: 'Dossier', last_name: 'Houder' });
});
after(() => srv?.stop());

const move = (token, caseId, body) => api(srv.url, token, 'POST', `/api/v1/cases/${caseId}/transitions`, body);

describe('opening a case', () => {
  test('POST without a body opens a case in aanmelding: 201 with Location', async () => {
    const r = await api(srv.url, km, 'POST', `/api/v1/residents/${resident.id}/cases`);
    assert.equal(r.status, 201, r.text);
    const c = r.json;
    assert.equal(r.headers.get('location'), `/api/v1/cases/${c.id}`);
    assert.equal(c.resident_id, resident.id);
    assert.equal(c.phase, 'aanmelding');
    assert.equal(c.route, '');
    assert.equal(c.close_reason, '');
    assert.equal(c.closed_at, '');
    assert.equal(c.municipality, 'GM0505');
    assert.equal(c.case_manager, 'Fatima el Idrissi');
    assert.match(c.opened_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(c.next_phases, ['intake', 'afgesloten']);
  });

  test('an empty JSON object is fine too; anything else in the body is not', async () => {
    let r = await api(srv.url, km, 'POST', `/api/v1/residents/${resident.id}/cases`, {});
    assert.equal(r.status, 201, r.text);
    const before = (await api(srv.url, km, 'GET', `/api/v1/residents/${resident.id}/cases`)).json.total;
    r = await api(srv.url, km, 'POST', `/api/v1/residents/${resident.id}/cases`, { phase: 'plan' });
    assertProblem(r, 400);
    assert.deepEqual(errorFields(r), ['phase']);
    r = await api(srv.url, km, 'POST', `/api/v1/residents/${resident.id}/cases`, 'nope', { 'content-type': 'text/plain' });
    assertProblem(r, 415);
    r = await api(srv.url, km, 'POST', `/api/v1/residents/${resident.id}/cases`, '[');
    assertProblem(r, 400);
    const after = (await api(srv.url, km, 'GET', `/api/v1/residents/${resident.id}/cases`)).json.total;
    assert.equal(after, before, 'nothing opened by a bad request');
  });

  test('GET /residents/{id}/cases lists the cases of the resident', async () => {
    const r = await api(srv.url, km, 'GET', `/api/v1/residents/${resident.id}/cases`);
    assert.equal(r.status, 200);
    assert.ok(r.json.total >= 2);
    assert.equal(r.json.items.length, r.json.total);
    for (const c of r.json.items) assert.equal(c.resident_id, resident.id);
  });

  test('a case for a resident that does not exist is 404', async () => {
    assertProblem(await api(srv.url, km, 'POST', '/api/v1/residents/987654321/cases'), 404);
    assertProblem(await api(srv.url, km, 'GET', '/api/v1/residents/987654321/cases'), 404);
    assertProblem(await api(srv.url, km, 'GET', '/api/v1/cases/987654321'), 404);
    assertProblem(await move(km, 987654321, { to: 'intake' }), 404);
  });
});

describe('the phase state machine', () => {
  test('a case walks every allowed move, including the two ways back, and the history records each', async () => {
    const c = await openCase(srv.url, km, resident.id);
    const path = [
      ['intake', ['plan', 'afgesloten']],
      ['plan', ['uitvoering', 'afgesloten']],
      ['uitvoering', ['nazorg', 'plan', 'afgesloten']],
      ['plan', null], // a revised plan
      ['uitvoering', null],
      ['nazorg', ['afgesloten', 'uitvoering']],
      ['uitvoering', null], // a placement that ended
      ['nazorg', null],
    ];
    for (const [to, next] of path) {
      const r = await move(km, c.id, { to });
      assert.equal(r.status, 200, `to ${to}: ${r.text}`);
      assert.equal(r.json.phase, to);
      assert.equal(r.json.id, c.id);
      if (next) assert.deepEqual(r.json.next_phases, next, `next after ${to}`);
    }
    const closed = await move(km, c.id, { to: 'afgesloten', reason: 'werk' });
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json.phase, 'afgesloten');
    assert.equal(closed.json.close_reason, 'werk');
    assert.match(closed.json.closed_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(closed.json.next_phases, []);

    const g = await api(srv.url, km, 'GET', `/api/v1/cases/${c.id}`);
    assert.equal(g.status, 200);
    assert.equal(g.json.phase, 'afgesloten');
    const h = g.json.history;
    assert.equal(h.length, path.length + 2, 'opening + every move + closing');
    assert.deepEqual({ from: h[0].from, to: h[0].to }, { from: '', to: 'aanmelding' });
    let from = 'aanmelding';
    for (let i = 0; i < path.length; i++) {
      assert.equal(h[i + 1].from, from);
      assert.equal(h[i + 1].to, path[i][0]);
      assert.equal(h[i + 1].reason, '');
      assert.equal(h[i + 1].by, 'Fatima el Idrissi');
      assert.match(h[i + 1].at, /^\d{4}-\d\d-\d\dT/);
      from = path[i][0];
    }
    assert.deepEqual({ from: h.at(-1).from, to: h.at(-1).to, reason: h.at(-1).reason }, { from: 'nazorg', to: 'afgesloten', reason: 'werk' });
  });

  test('a forbidden jump is 409 and changes nothing', async () => {
    const c = await openCase(srv.url, km, resident.id);
    for (const to of ['uitvoering', 'plan', 'nazorg', 'aanmelding']) {
      const r = await move(km, c.id, { to });
      const p = assertProblem(r, 409, `aanmelding -> ${to}`);
      assert.equal(p.detail, 'Deze faseovergang is vanuit de huidige fase niet toegestaan.');
    }
    assert.equal((await move(km, c.id, { to: 'intake' })).status, 200);
    assertProblem(await move(km, c.id, { to: 'nazorg' }), 409);
    assertProblem(await move(km, c.id, { to: 'intake' }), 409, 'to the same phase');
    const g = await api(srv.url, km, 'GET', `/api/v1/cases/${c.id}`);
    assert.equal(g.json.phase, 'intake');
    assert.equal(g.json.history.length, 2, 'refused moves are not in the history');
  });

  test('closing needs a valid reason (422); another move must have none (422)', async () => {
    const c = await openCase(srv.url, km, resident.id);
    let r = await move(km, c.id, { to: 'afgesloten' });
    assertProblem(r, 422);
    assert.deepEqual(r.json.errors, [{ field: 'reason', message: 'Kies een reden van afsluiten.' }]);
    r = await move(km, c.id, { to: 'afgesloten', reason: '' });
    assertProblem(r, 422);
    r = await move(km, c.id, { to: 'afgesloten', reason: 'vakantie' });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['reason']);
    r = await move(km, c.id, { to: 'intake', reason: 'werk' });
    assertProblem(r, 422);
    assert.deepEqual(r.json.errors, [{ field: 'reason', message: 'Een reden hoort alleen bij afsluiten.' }]);
    const g = await api(srv.url, km, 'GET', `/api/v1/cases/${c.id}`);
    assert.equal(g.json.phase, 'aanmelding');
    assert.equal(g.json.closed_at, '');
    // every close reason is accepted
    for (const reason of ['werk', 'opleiding', 'verhuisd', 'zorg', 'overleden', 'anders']) {
      const k = await openCase(srv.url, km, resident.id);
      r = await move(km, k.id, { to: 'afgesloten', reason });
      assert.equal(r.status, 200, `${reason}: ${r.text}`);
      assert.equal(r.json.close_reason, reason);
    }
  });

  test('nothing leaves afgesloten (409)', async () => {
    const c = await openCase(srv.url, km, resident.id);
    assert.equal((await move(km, c.id, { to: 'afgesloten', reason: 'verhuisd' })).status, 200);
    for (const to of ['aanmelding', 'intake', 'plan', 'uitvoering', 'nazorg']) {
      assertProblem(await move(km, c.id, { to }), 409, `afgesloten -> ${to}`);
    }
    assertProblem(await move(km, c.id, { to: 'afgesloten', reason: 'werk' }), 409, 'closing twice');
    const g = await api(srv.url, km, 'GET', `/api/v1/cases/${c.id}`);
    assert.equal(g.json.close_reason, 'verhuisd');
    assert.equal(g.json.history.length, 2);
  });

  test('bad transition bodies are 400/415/422, not 500', async () => {
    const c = await openCase(srv.url, km, resident.id);
    let r = await move(km, c.id, { to: 'klaar' });
    assertProblem(r, 422);
    assert.deepEqual(r.json.errors, [{ field: 'to', message: 'Kies een geldige fase.' }]);
    r = await move(km, c.id, { to: 'INTAKE' });
    assertProblem(r, 422);
    r = await move(km, c.id, { to: 5 });
    assertProblem(r, 400);
    assert.deepEqual(errorFields(r), ['to']);
    r = await move(km, c.id, {});
    assertProblem(r, 400);
    assert.deepEqual(errorFields(r), ['to']);
    r = await move(km, c.id, { to: 'intake', when: 'now' });
    assertProblem(r, 400);
    r = await move(km, c.id, 'to=intake');
    assertProblem(r, 400);
    r = await api(srv.url, km, 'POST', `/api/v1/cases/${c.id}/transitions`, '{"to":"intake"}', { 'content-type': 'text/plain' });
    assertProblem(r, 415);
    const g = await api(srv.url, km, 'GET', `/api/v1/cases/${c.id}`);
    assert.equal(g.json.phase, 'aanmelding');
  });

  test('parallel moves from the same phase: exactly one wins', async () => {
    const c = await openCase(srv.url, km, resident.id);
    const rs = await Promise.all(Array.from({ length: 6 }, () => move(km, c.id, { to: 'intake' })));
    assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409, 409, 409, 409, 409]);
    const g = await api(srv.url, km, 'GET', `/api/v1/cases/${c.id}`);
    assert.equal(g.json.history.length, 2);
  });
});

describe('notes', () => {
  let c;
  before(async () => { c = await openCase(srv.url, km, resident.id); });
  const note = (body, token = km, id = c.id) => api(srv.url, token, 'POST', `/api/v1/cases/${id}/notes`, body);

  test('create with each visibility (201) and list them, newest first', async () => {
    const made = [];
    let r = await note({ text: 'Eerste gesprek gehad.' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.visibility, 'professionals', 'the default');
    assert.equal(r.json.case_id, c.id);
    assert.equal(r.json.text, 'Eerste gesprek gehad.');
    assert.match(r.json.created_at, /^\d{4}-\d\d-\d\dT/);
    made.push(r.json);
    for (const visibility of ['internal', 'resident', 'professionals']) {
      r = await note({ text: `Notitie voor ${visibility}.\nTweede regel.`, visibility });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.visibility, visibility);
      made.push(r.json);
    }
    const l = await api(srv.url, km, 'GET', `/api/v1/cases/${c.id}/notes`);
    assert.equal(l.status, 200);
    assert.equal(l.json.total, made.length);
    made.reverse();
    assert.deepEqual(l.json.items.map((n) => n.id), made.map((n) => n.id));
    const withoutAuthor = ({ author, ...rest }) => rest;
    assert.deepEqual(l.json.items.map(withoutAuthor), made.map(withoutAuthor));
    for (const n of l.json.items) assert.equal(n.author, 'Fatima el Idrissi');
  });

  test('the 201 answer names the author, as the list does', async () => {
    const r = await note({ text: 'Wie schreef dit?' });
    assert.equal(r.status, 201);
    const l = await api(srv.url, km, 'GET', `/api/v1/cases/${c.id}/notes`);
    const listed = l.json.items.find((n) => n.id === r.json.id);
    assert.equal(listed.author, 'Fatima el Idrissi');
    assert.deepEqual(r.json, listed, 'POST answers the note as GET lists it');
  });

  test('an invalid visibility is 422 naming it', async () => {
    for (const visibility of ['public', 'Resident', '']) {
      const r = await note({ text: 'x', visibility });
      assertProblem(r, 422, visibility);
      assert.deepEqual(r.json.errors, [{ field: 'visibility', message: 'Kies een geldige zichtbaarheid.' }]);
    }
    assertProblem(await note({ text: 'x', visibility: 3 }), 400);
  });

  test('an empty, too long or unclean text is 422 naming text; exactly 10,000 characters is fine', async () => {
    const before = (await api(srv.url, km, 'GET', `/api/v1/cases/${c.id}/notes`)).json.total;
    for (const text of ['', 'a'.repeat(10_001), 'bel\u0007', 'é'.repeat(10_001)]) {
      const r = await note({ text });
      assertProblem(r, 422, `text of ${text.length}`);
      assert.deepEqual(errorFields(r), ['text']);
    }
    assertProblem(await note({}), 400);
    assertProblem(await note({ text: null }), 400);
    assertProblem(await note({ text: ['a'] }), 400);
    assert.equal((await api(srv.url, km, 'GET', `/api/v1/cases/${c.id}/notes`)).json.total, before, 'nothing written');
    const ok = await note({ text: 'é'.repeat(10_000) });
    assert.equal(ok.status, 201, 'a limit in characters, not bytes');
  });

  test('notes on a case that does not exist are 404', async () => {
    assertProblem(await note({ text: 'x' }, km, 987654321), 404);
    assertProblem(await api(srv.url, km, 'GET', '/api/v1/cases/987654321/notes'), 404);
  });

  test('HTML in a note is stored verbatim', async () => {
    const text = '<img src=x onerror=alert(1)> & "quotes"';
    const r = await note({ text });
    assert.equal(r.status, 201);
    assert.equal(r.json.text, text);
  });
});
