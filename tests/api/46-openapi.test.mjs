// The OpenAPI document: served without login, OpenAPI 3.1, and in step with
// the routes the server really has.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ADMIN_PASSWORD, api, login, startServer } from './lib.mjs';

// Every route the API tests use (src/web/api.c).
const ROUTES = [
  ['get', '/api/v1/openapi.json'],
  ['post', '/api/v1/sessions'],
  ['delete', '/api/v1/sessions/current'],
  ['get', '/api/v1/users'],
  ['get', '/api/v1/audit'],
  ['get', '/api/v1/residents'],
  ['post', '/api/v1/residents'],
  ['get', '/api/v1/residents/{id}'],
  ['patch', '/api/v1/residents/{id}'],
  ['get', '/api/v1/residents/{id}/cases'],
  ['post', '/api/v1/residents/{id}/cases'],
  ['get', '/api/v1/cases/{id}'],
  ['post', '/api/v1/cases/{id}/transitions'],
  ['get', '/api/v1/cases/{id}/notes'],
  ['post', '/api/v1/cases/{id}/notes'],
  ['get', '/api/v1/cases/{id}/intake'],
  ['put', '/api/v1/cases/{id}/intake'],
  ['get', '/api/v1/esco/occupations'],
  ['get', '/api/v1/esco/skills'],
  ['get', '/api/v1/cases/{id}/referrals'],
  ['post', '/api/v1/cases/{id}/referrals'],
  ['get', '/api/v1/referrals'],
  ['post', '/api/v1/referrals/{id}/accept'],
  ['post', '/api/v1/referrals/{id}/decline'],
  ['post', '/api/v1/referrals/{id}/end'],
  ['get', '/api/v1/residents/{id}/consents'],
  ['post', '/api/v1/residents/{id}/consents'],
  ['delete', '/api/v1/consents/{id}'],
  ['get', '/api/v1/organisations'],
  ['get', '/api/v1/tasks'],
  ['get', '/api/v1/services'],
  ['get', '/api/v1/cases/{id}/plan'],
  ['put', '/api/v1/cases/{id}/plan'],
  ['post', '/api/v1/cases/{id}/plan/agreement'],
  ['get', '/api/v1/cases/{id}/plan.pdf'],
  ['get', '/api/v1/employers'],
  ['post', '/api/v1/employers'],
  ['get', '/api/v1/employers/{id}'],
  ['patch', '/api/v1/employers/{id}'],
  ['get', '/api/v1/vacancies'],
  ['post', '/api/v1/vacancies'],
  ['get', '/api/v1/vacancies/{id}'],
  ['patch', '/api/v1/vacancies/{id}'],
  ['get', '/api/v1/vacancies/{id}/matches'],
  ['get', '/api/v1/residents/{id}/matches'],
  ['get', '/api/v1/proposals'],
  ['post', '/api/v1/proposals'],
  ['get', '/api/v1/proposals/{id}'],
  ['post', '/api/v1/proposals/{id}/transitions'],
  ['post', '/api/v1/proposals/{id}/share'],
  ['get', '/api/v1/placements'],
  ['post', '/api/v1/placements'],
  ['get', '/api/v1/placements/{id}'],
  ['post', '/api/v1/placements/{id}/checks'],
  ['get', '/api/v1/cases/{id}/availability'],
  ['put', '/api/v1/cases/{id}/availability'],
];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

let srv, doc, token;
before(async () => {
  srv = await startServer({ demo: false });
  const r = await fetch(`${srv.url}/api/v1/openapi.json`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  doc = await r.json();
  token = await login(srv.url, 'admin', ADMIN_PASSWORD);
});
after(() => srv?.stop());

describe('GET /api/v1/openapi.json', () => {
  test('is OpenAPI 3.1.0 JSON, served without login', async () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(typeof doc.info.title, 'string');
    assert.ok(doc.paths && typeof doc.paths === 'object');
    assert.deepEqual(doc.paths['/api/v1/openapi.json'].get.security, []);
    assert.deepEqual(doc.paths['/api/v1/sessions'].post.security, []);
  });

  test('documents a path for each route', () => {
    for (const [method, p] of ROUTES) {
      assert.ok(doc.paths[p], `path ${p}`);
      assert.ok(doc.paths[p][method], `${method.toUpperCase()} ${p}`);
    }
  });

  test('documents no route the server does not have', async () => {
    const known = new Set(ROUTES.map(([m, p]) => `${m} ${p}`));
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const m of METHODS) {
        if (!item[m]) continue;
        assert.ok(known.has(`${m} ${p}`), `documented ${m.toUpperCase()} ${p} is a real route`);
        // logging out ends the session it is sent with: use one of its own
        const t = p === '/api/v1/sessions/current' ? await login(srv.url, 'admin', ADMIN_PASSWORD) : token;
        const r = await api(srv.url, t, m.toUpperCase(), p.replace('{id}', '1'), m === 'get' || m === 'delete' ? undefined : {});
        assert.notEqual(r.status, 405, `${m.toUpperCase()} ${p} is served`);
        assert.ok(r.status < 500, `${m.toUpperCase()} ${p}: ${r.status}`);
      }
    }
  });

  test('methods it does not document are 405', async () => {
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const m of METHODS) {
        if (item[m]) continue;
        const r = await api(srv.url, token, m.toUpperCase(), p.replace('{id}', '1'), m === 'get' || m === 'delete' ? undefined : {});
        assert.equal(r.status, 405, `${m.toUpperCase()} ${p}`);
      }
    }
  });

  test('every $ref points at a schema that exists', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) || [];
    for (const ref of refs) {
      const target = JSON.parse(`{${ref}}`).$ref;
      assert.match(target, /^#\/components\/schemas\//);
      assert.ok(doc.components.schemas[target.split('/').pop()], target);
    }
  });

  test('the problem schema matches the problems the server sends', async () => {
    const r = await api(srv.url, null, 'GET', '/api/v1/residents');
    const required = doc.components.schemas.Problem.required;
    for (const k of required) assert.ok(k in r.json, k);
  });
});
