// The audit log (inzagelog): every read and write of personal data is
// recorded, allowed or refused, with who, what and from where; only the
// privacy officer reads it, and that reading is recorded too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  PageClient, api, assertProblem, createResident, login, openCase, startServer,
} from './lib.mjs';

let srv, km, pap, fg, x, xCase;
before(async () => {
  srv = await startServer({ demo: true });
  km = await login(srv.url, 'km.dordrecht');
  pap = await login(srv.url, 'km.papendrecht');
  fg = await login(srv.url, 'fg');
  x = await createResident(srv.url, km, { first_name: 'Gelogde', last_name: 'Inwoner' });
  assert.equal((await api(srv.url, km, 'GET', `/api/v1/residents/${x.id}`)).status, 200);
  assertProblem(await api(srv.url, pap, 'GET', `/api/v1/residents/${x.id}`), 404);
});
after(() => srv?.stop());

const audit = async (qs, token = fg) => {
  const r = await api(srv.url, token, 'GET', `/api/v1/audit?limit=1000&${qs}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const has = (items, want) => items.some((e) => Object.entries(want).every(([k, v]) => e[k] === v));

describe('what is recorded', () => {
  test('?resident=X shows the allowed read by km.dordrecht and the refused one by km.papendrecht, with an ip', async () => {
    const log = await audit(`resident=${x.id}`);
    assert.ok(log.total >= 3);
    for (const e of log.items) assert.equal(e.resident_id, x.id);
    const read = log.items.find((e) => e.username === 'km.dordrecht' && e.action === 'resident.read');
    assert.ok(read, 'the allowed read');
    assert.equal(read.allowed, true);
    assert.equal(read.role, 'case_manager');
    assert.equal(read.ip, '127.0.0.1');
    assert.match(read.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const refused = log.items.find((e) => e.username === 'km.papendrecht' && e.action === 'resident.read');
    assert.ok(refused, 'the refused read');
    assert.equal(refused.allowed, false);
    assert.equal(refused.reason, 'municipality');
    assert.equal(refused.ip, '127.0.0.1');
    assert.ok(has(log.items, { username: 'km.dordrecht', action: 'resident.create', allowed: true }));
    // newest first
    const ids = log.items.map((e) => e.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    assert.ok(ids.indexOf(refused.id) < ids.indexOf(read.id));
  });

  test('?user=km.papendrecht shows only that user', async () => {
    const log = await audit('user=km.papendrecht');
    assert.ok(log.items.length > 0);
    for (const e of log.items) assert.equal(e.username, 'km.papendrecht');
    assert.ok(has(log.items, { action: 'resident.read', resident_id: x.id, allowed: false }));
    const both = await audit(`user=km.papendrecht&resident=${x.id}`);
    assert.ok(both.items.length >= 1);
    for (const e of both.items) assert.ok(e.username === 'km.papendrecht' && e.resident_id === x.id);
    const nobody = await audit('user=bestaat.niet');
    assert.equal(nobody.total, 0);
  });

  test('the auditor\'s own reading is recorded (audit.read)', async () => {
    await audit(`resident=${x.id}`);
    const log = await audit('user=fg');
    const own = log.items.find((e) => e.action === 'audit.read' && e.resident_id === x.id);
    assert.ok(own, 'reading the log about X is itself in the log');
    assert.equal(own.allowed, true);
    assert.equal(own.role, 'auditor');
    assert.equal(own.ip, '127.0.0.1');
  });

  test('a refused attempt to read the log is recorded', async () => {
    assertProblem(await api(srv.url, km, 'GET', '/api/v1/audit'), 403);
    const log = await audit('user=km.dordrecht');
    assert.ok(has(log.items, { action: 'audit.read', allowed: false }));
  });

  test('probing an id that does not exist is recorded as refused (not_found)', async () => {
    assertProblem(await api(srv.url, pap, 'GET', '/api/v1/residents/987654321'), 404);
    const log = await audit('resident=987654321');
    assert.ok(has(log.items, { username: 'km.papendrecht', action: 'resident.read', allowed: false, reason: 'not_found' }));
  });

  test('search results, changes, cases and notes are recorded', async () => {
    assert.equal((await api(srv.url, km, 'GET', `/api/v1/residents?q=${x.bsn}`)).json.total, 1);
    assert.equal((await api(srv.url, km, 'PATCH', `/api/v1/residents/${x.id}`, { phone: '0612345678' })).status, 200);
    xCase = await openCase(srv.url, km, x.id);
    assert.equal((await api(srv.url, km, 'POST', `/api/v1/cases/${xCase.id}/transitions`, { to: 'intake' })).status, 200);
    assert.equal((await api(srv.url, km, 'POST', `/api/v1/cases/${xCase.id}/notes`, { text: 'Gesprek' })).status, 201);
    assert.equal((await api(srv.url, km, 'GET', `/api/v1/cases/${xCase.id}`)).status, 200);
    assert.equal((await api(srv.url, km, 'GET', `/api/v1/cases/${xCase.id}/notes`)).status, 200);
    const log = await audit(`resident=${x.id}&user=km.dordrecht`);
    for (const action of ['resident.search', 'resident.update', 'case.create', 'case.transition', 'note.create', 'case.read', 'note.read']) {
      assert.ok(has(log.items, { action, allowed: true }), action);
    }
    const withCase = log.items.filter((e) => e.case_id === xCase.id).map((e) => e.action);
    for (const action of ['case.create', 'case.transition', 'note.create', 'case.read', 'note.read']) {
      assert.ok(withCase.includes(action), `${action} names the case`);
    }
  });

  test('refused writes are recorded too', async () => {
    const refusals = async () => (await audit(`user=km.papendrecht&resident=${x.id}`)).items.filter((e) => !e.allowed).length;
    const before = await refusals();
    assertProblem(await api(srv.url, pap, 'PATCH', `/api/v1/residents/${x.id}`, { first_name: 'Nee' }), 404);
    assert.equal(await refusals(), before + 1, 'the refused PATCH is in the log');
    const refused = (await audit(`user=km.papendrecht&resident=${x.id}`)).items.filter((e) => !e.allowed);
    assert.ok(has(refused, { action: 'resident.update', allowed: false }), 'recorded as the update it was');
    const r = await api(srv.url, pap, 'POST', '/api/v1/residents', {
      bsn: '111222333', first_name: 'A', last_name: 'B', birth_date: '1980-01-01', postcode: '3311 AB', municipality: 'GM0505',
    });
    assertProblem(r, 403);
    const log = await audit('user=km.papendrecht');
    assert.ok(has(log.items, { action: 'resident.create', allowed: false }));
  });

  test('page views are recorded like API calls', async () => {
    const page = new PageClient(srv.url);
    await page.loginOk('km.regio');
    assert.equal((await page.get(`/inwoners/${x.id}`)).status, 200);
    const log = await audit(`resident=${x.id}&user=km.regio`);
    assert.ok(has(log.items, { action: 'resident.read', allowed: true, ip: '127.0.0.1' }));
  });
});

describe('reading the log', () => {
  test('paging: limit and offset, total', async () => {
    // filtered on a user who is not reading, so the log holds still meanwhile
    const one = await api(srv.url, fg, 'GET', '/api/v1/audit?user=km.dordrecht&limit=1');
    assert.equal(one.json.items.length, 1);
    assert.ok(one.json.total > 2);
    const two = await api(srv.url, fg, 'GET', '/api/v1/audit?user=km.dordrecht&limit=2&offset=1');
    assert.equal(two.json.items.length, 2);
    assert.equal(two.json.total, one.json.total);
    assert.ok(two.json.items[0].id < one.json.items[0].id);
    assert.ok(two.json.items[1].id < two.json.items[0].id);
    const end = await api(srv.url, fg, 'GET', `/api/v1/audit?user=km.dordrecht&offset=${one.json.total}`);
    assert.equal(end.json.items.length, 0);
    const def = await api(srv.url, fg, 'GET', '/api/v1/audit');
    assert.equal(def.json.items.length, 50);
  });

  test('bad parameters are 400 problems', async () => {
    for (const qs of ['limit=0', 'limit=1001', 'offset=-1', 'resident=abc', 'resident=0', 'resident=-5', 'resident=', 'resident=1x', 'user=%ff']) {
      assertProblem(await api(srv.url, fg, 'GET', `/api/v1/audit?${qs}`), 400, qs);
    }
  });

  test('every entry has the documented fields', async () => {
    const log = await audit(`resident=${x.id}`);
    for (const e of log.items) {
      for (const k of ['id', 'at', 'username', 'role', 'action', 'allowed', 'reason', 'ip', 'resident_id', 'case_id']) {
        assert.ok(k in e, `${k} in ${JSON.stringify(e)}`);
      }
      assert.equal(typeof e.allowed, 'boolean');
      assert.ok(e.case_id === null || Number.isInteger(e.case_id));
    }
  });

  test('the audit page shows refusals to fg', async () => {
    const page = new PageClient(srv.url);
    await page.loginOk('fg');
    const r = await page.get(`/inzagelog?resident=${x.id}`);
    assert.equal(r.status, 200);
    assert.ok(r.text.includes('km.papendrecht'));
    assert.ok(r.text.includes('km.dordrecht'));
    assert.match(r.text, /Geweigerd/);
    assert.ok(r.text.includes('resident.read'));
    const bad = await page.get('/inzagelog?resident=abc');
    assert.equal(bad.status, 400);
  });
});
