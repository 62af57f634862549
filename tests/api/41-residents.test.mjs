// /api/v1/residents: register, read, change, search and page through; and
// every kind of bad input gets a clear 4xx problem, writes nothing, and the
// server keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  PageClient, api, assertAlive, assertProblem, createResident, errorFields, freshBsn, login,
  residentBody, residentTotal, startServer,
} from './lib.mjs';

let srv, km, regio;
before(async () => {
  srv = await startServer({ demo: true });
  km = await login(srv.url, 'km.dordrecht');
  regio = await login(srv.url, 'km.regio');
});
after(() => srv?.stop());

describe('create, read, change', () => {
  test('POST creates: 201, Location, normalised postcode, own municipality by default', async () => {
    const body = residentBody({ first_name: '  Anna ', prefix: 'van der', last_name: 'Berg ', postcode: '3311ab', email: 'anna@example.nl', phone: '06-12345678' });
    const r = await api(srv.url, km, 'POST', '/api/v1/residents', body);
    assert.equal(r.status, 201, r.text);
    const res = r.json;
    assert.equal(r.headers.get('location'), `/api/v1/residents/${res.id}`);
    assert.ok(Number.isInteger(res.id) && res.id > 0);
    assert.equal(res.bsn, body.bsn);
    assert.equal(res.first_name, 'Anna');
    assert.equal(res.prefix, 'van der');
    assert.equal(res.last_name, 'Berg');
    assert.equal(res.postcode, '3311 AB');
    assert.equal(res.birth_date, '1985-03-21');
    assert.equal(res.municipality, 'GM0505');
    assert.equal(res.municipality_name, 'Dordrecht');
    assert.equal(res.email, 'anna@example.nl');
    assert.equal(res.phone, '06-12345678');
    assert.match(res.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(res.updated_at, res.created_at);

    const g = await api(srv.url, km, 'GET', `/api/v1/residents/${res.id}`);
    assert.equal(g.status, 200);
    assert.deepEqual(g.json, res);
  });

  test('postcodes in other spellings are normalised', async () => {
    for (const [given, want] of [['3311 ab', '3311 AB'], [' 3311AB ', '3311 AB'], ['1012JS', '1012 JS']]) {
      const r = await createResident(srv.url, km, { postcode: given });
      assert.equal(r.postcode, want, given);
    }
  });

  test('PATCH changes a name, null clears the e-mail, the same BSN is fine, another is 422', async () => {
    const res = await createResident(srv.url, km, { email: 'oud@example.nl', phone: '0612345678' });
    await new Promise((r) => setTimeout(r, 1100)); // let updated_at move on
    let r = await api(srv.url, km, 'PATCH', `/api/v1/residents/${res.id}`, { first_name: 'Nieuw', email: null, bsn: res.bsn });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.first_name, 'Nieuw');
    assert.equal(r.json.email, '');
    assert.equal(r.json.phone, '0612345678', 'fields not sent stay');
    assert.equal(r.json.last_name, res.last_name);
    assert.equal(r.json.created_at, res.created_at);
    assert.notEqual(r.json.updated_at, res.updated_at);

    const other = freshBsn();
    r = await api(srv.url, km, 'PATCH', `/api/v1/residents/${res.id}`, { bsn: other, first_name: 'Anders' });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['bsn']);
    assert.equal(r.json.errors[0].message, 'Het BSN kan niet worden gewijzigd.');
    const g = await api(srv.url, km, 'GET', `/api/v1/residents/${res.id}`);
    assert.equal(g.json.bsn, res.bsn);
    assert.equal(g.json.first_name, 'Nieuw', 'nothing of the refused change was written');
  });

  test('PATCH with bad values is 422 per field and changes nothing', async () => {
    const res = await createResident(srv.url, km);
    let r = await api(srv.url, km, 'PATCH', `/api/v1/residents/${res.id}`, { postcode: '12345', birth_date: '2023-02-29', email: 'geen-mail' });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['birth_date', 'email', 'postcode']);
    r = await api(srv.url, km, 'PATCH', `/api/v1/residents/${res.id}`, { first_name: null });
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['first_name']);
    r = await api(srv.url, km, 'PATCH', `/api/v1/residents/${res.id}`, { nickname: 'x' });
    assertProblem(r, 400);
    const g = await api(srv.url, km, 'GET', `/api/v1/residents/${res.id}`);
    assert.deepEqual(g.json, res);
  });

  test('an empty PATCH changes nothing', async () => {
    const res = await createResident(srv.url, km);
    const r = await api(srv.url, km, 'PATCH', `/api/v1/residents/${res.id}`, {});
    assert.equal(r.status, 200, r.text);
    for (const k of ['bsn', 'first_name', 'prefix', 'last_name', 'birth_date', 'postcode', 'municipality', 'email', 'phone']) {
      assert.equal(r.json[k], res[k], k);
    }
  });

  test('a resident that does not exist is 404 for GET and PATCH', async () => {
    assertProblem(await api(srv.url, km, 'GET', '/api/v1/residents/987654321'), 404);
    assertProblem(await api(srv.url, km, 'PATCH', '/api/v1/residents/987654321', { first_name: 'x' }), 404);
  });
});

describe('search and paging', () => {
  let jurgen;
  before(async () => {
    jurgen = await createResident(srv.url, km, { first_name: 'Jürgen', last_name: 'Müller', postcode: '3312 CD' });
  });

  const find = async (q, token = km) => {
    const r = await api(srv.url, token, 'GET', `/api/v1/residents?limit=1000&q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.total >= r.json.items.length);
    return r.json;
  };

  test('accent- and case-insensitive: muller, JURGEN, Müller Jürgen', async () => {
    for (const q of ['muller', 'MULLER', 'JURGEN', 'jürgen', 'Müller Jürgen', 'jurgen muller', 'MÜL', 'jü mü']) {
      const found = await find(q);
      assert.ok(found.items.some((x) => x.id === jurgen.id), `q=${q}`);
    }
    // Every word must start a word of the resident: not a word's middle.
    for (const q of ['jurgen mullerx', 'üll', 'urgen']) {
      const none = await find(q);
      assert.ok(!none.items.some((x) => x.id === jurgen.id), `q=${q}`);
    }
  });

  test('the count stops at 1000: more is total 1000 with total_capped', async () => {
    const all = await api(srv.url, regio, 'GET', '/api/v1/residents?limit=5');
    assert.equal(all.status, 200);
    assert.equal(all.json.total, 1000, 'the demo region has more than 1000 residents');
    assert.equal(all.json.total_capped, true);
    assert.equal(all.json.items.length, 5);
    const few = await find('muller');
    assert.equal(few.total_capped, false);
    assert.equal(few.total, few.items.length);
  });

  test('a resident with two words starting alike is listed once, by name within a word', async () => {
    const a = await createResident(srv.url, km, { first_name: 'Berend', last_name: 'Bergsma' });
    const b = await createResident(srv.url, km, { first_name: 'Anna', last_name: 'Bergsma' });
    const found = await find('bergsma');
    const ids = found.items.map((x) => x.id);
    assert.equal(new Set(ids).size, ids.length, 'no resident twice');
    assert.ok(ids.indexOf(b.id) >= 0 && ids.indexOf(b.id) < ids.indexOf(a.id), 'Anna before Berend');
    const ber = await find('ber');
    assert.equal(ber.items.filter((x) => x.id === a.id).length, 1, 'Berend Bergsma once for "ber"');
  });

  test('by BSN', async () => {
    const found = await find(jurgen.bsn);
    assert.equal(found.total, 1);
    assert.equal(found.items[0].id, jurgen.id);
  });

  test('by postcode with and without the space', async () => {
    for (const q of ['3312 CD muller', '3312CD muller', '3312cd jurgen']) {
      const found = await find(q);
      assert.ok(found.items.some((x) => x.id === jurgen.id), `q=${q}`);
    }
  });

  test('LIKE wildcards in q are taken literally', async () => {
    const all = await find('');
    for (const q of ['%', '_', '%%%', '\\']) {
      const found = await find(q);
      assert.ok(found.total < all.total, `q=${q} matched everything (${found.total})`);
    }
  });

  test('limit, offset and total page through the list without overlap', async () => {
    const first = await api(srv.url, km, 'GET', '/api/v1/residents?limit=3');
    assert.equal(first.status, 200);
    assert.equal(first.json.items.length, 3);
    const total = first.json.total;
    assert.ok(total > 3);
    const second = await api(srv.url, km, 'GET', '/api/v1/residents?limit=3&offset=3');
    assert.equal(second.json.total, total);
    const ids = new Set(first.json.items.map((x) => x.id));
    for (const x of second.json.items) assert.ok(!ids.has(x.id), 'pages do not overlap');
    const def = await api(srv.url, km, 'GET', '/api/v1/residents');
    assert.equal(def.json.items.length, Math.min(50, total), 'limit defaults to 50');
    const end = await api(srv.url, km, 'GET', `/api/v1/residents?limit=10&offset=${total}`);
    assert.equal(end.json.items.length, 0);
    assert.equal(end.json.total, total);
    const last = await api(srv.url, km, 'GET', `/api/v1/residents?limit=1000&offset=${total - 1}`);
    assert.equal(last.json.items.length, 1);
    const all = await api(srv.url, km, 'GET', '/api/v1/residents?limit=1000');
    assert.equal(all.json.items.length, Math.min(1000, total));
    for (const x of all.json.items) assert.equal(x.municipality, 'GM0505');
  });

  test('bad paging is 400: limit=0, 1001, abc, -1, offset=-1 ...', async () => {
    for (const qs of ['limit=0', 'limit=1001', 'limit=abc', 'limit=-1', 'limit=', 'limit=1.5', 'limit=%2010',
      'limit=99999999999', 'offset=-1', 'offset=abc', 'offset=1e3', 'offset=']) {
      const r = await api(srv.url, km, 'GET', `/api/v1/residents?${qs}`);
      const p = assertProblem(r, 400, qs);
      assert.match(p.detail, /limit moet 1 tot en met 1000 zijn/);
    }
  });

  test('at most 8 search words: a 9th is a 400, not silently dropped', async () => {
    const r = await api(srv.url, km, 'GET', '/api/v1/residents?q=a+b+c+d+e+f+g+h+i');
    const p = assertProblem(r, 400);
    assert.equal(p.detail, 'Zoek met hoogstens 8 woorden.');
    const eight = await find('jurgen muller jurgen muller jurgen muller jurgen muller');
    assert.ok(eight.items.some((x) => x.id === jurgen.id));
    const spaces = await api(srv.url, km, 'GET', '/api/v1/residents?limit=1&q=%20%20%20');
    assert.equal(spaces.status, 200, 'only spaces is no words: everything');
  });

  test('a q over 200 characters is 400', async () => {
    assertProblem(await api(srv.url, km, 'GET', `/api/v1/residents?q=${'a'.repeat(201)}`), 400);
    assert.equal((await api(srv.url, km, 'GET', `/api/v1/residents?q=${'a'.repeat(200)}`)).status, 200);
  });
});

describe('bad input: a clear 4xx, nothing written, server goes on', () => {
  // Each case: [name, body maker (object, string or Buffer), status, fields the
  // errors list must name, a pattern for the detail]
  const valid = () => JSON.stringify(residentBody({ first_name: 'Geldig' }));
  const cases = [
    ['malformed JSON', () => '{"bsn": "123', 400],
    ['trailing garbage after JSON', () => `${valid()} x`, 400],
    ['a second JSON value', () => `${valid()}{}`, 400],
    ['a JSON array instead of an object', () => `[${valid()}]`, 400],
    ['a JSON string', () => '"hallo"', 400],
    ['an empty body', () => '', 400],
    ['invalid UTF-8 in a string', () => {
      const [head, tail] = valid().split('"Geldig"');
      return Buffer.concat([Buffer.from(`${head}"Gel`), Buffer.from([0xff, 0xfe]), Buffer.from(`dig"${tail}`)]);
    }, 400],
    ['an overlong UTF-8 encoding in a string', () => {
      const [head, tail] = valid().split('"Geldig"');
      return Buffer.concat([Buffer.from(`${head}"Gel`), Buffer.from([0xc0, 0xaf]), Buffer.from(`dig"${tail}`)]);
    }, 400],
    ['a lone 0xff byte outside strings', () => Buffer.concat([Buffer.from(valid()), Buffer.from([0xff])]), 400],
    ['\\u0000 in a string', () => valid().replace('"Geldig"', '"Gel\\u0000dig"'), 400],
    ['a lone surrogate escape', () => valid().replace('"Geldig"', '"Gel\\ud800dig"'), 400],
    ['duplicate keys', () => valid().replace('{', '{"first_name":"Dubbel",'), 400, null, /De JSON in het verzoek is ongeldig.*first_name/],
    ['an unknown field', () => ({ ...residentBody(), shoe_size: 44 }), 400, ['shoe_size']],
    ['a number for first_name', () => ({ ...residentBody(), first_name: 5 }), 400, ['first_name']],
    ['an object for last_name', () => ({ ...residentBody(), last_name: { a: 1 } }), 400, ['last_name']],
    ['null for a required field', () => ({ ...residentBody(), bsn: null }), 400, ['bsn']],
    ['a number for the BSN', () => ({ ...residentBody(), bsn: 111222333 }), 400, ['bsn']],
    ['missing required fields', () => ({}), 400, ['birth_date', 'bsn', 'first_name', 'last_name', 'postcode']],
    ['deep nesting', () => `{"first_name":${'['.repeat(5000)}${']'.repeat(5000)}}`, 400],
    ['a huge number', () => valid().replace('{', '{"x":1e999999,'), 400],
    ['an integer over 64 bits', () => valid().replace('{', '{"x":123456789012345678901234567890,'), 400],
  ];
  for (const [name, make, status, fields, detail] of cases) {
    test(`${name} -> ${status}`, async () => {
      const before = await residentTotal(srv.url, km);
      const r = await api(srv.url, km, 'POST', '/api/v1/residents', make());
      assertProblem(r, status, name);
      if (detail) assert.match(r.json.detail, detail);
      if (fields) {
        for (const f of fields) assert.ok(errorFields(r).includes(f), `${name}: errors name ${f}: ${r.text}`);
        if (name === 'missing required fields') {
          assert.deepEqual(errorFields(r), fields);
          for (const e of r.json.errors) assert.equal(e.message, 'Dit veld is verplicht.');
        }
      }
      assert.equal(await residentTotal(srv.url, km), before, 'nothing written');
      await assertAlive(srv.url);
    });
  }

  test('Content-Type text/plain, none, or a look-alike is 415', async () => {
    const before = await residentTotal(srv.url, km);
    for (const ct of ['text/plain', null, 'application/jsonx', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await api(srv.url, km, 'POST', '/api/v1/residents', valid(), { 'content-type': ct });
      const p = assertProblem(r, 415, String(ct));
      assert.match(p.detail, /application\/json/);
    }
    assert.equal(await residentTotal(srv.url, km), before);
  });

  test('application/json with a charset parameter is accepted', async () => {
    const r = await api(srv.url, km, 'POST', '/api/v1/residents', residentBody(), { 'content-type': 'application/json; charset=utf-8' });
    assert.equal(r.status, 201, r.text);
  });

  test('SQL metacharacters are stored verbatim and the table is intact', async () => {
    const before = await residentTotal(srv.url, km);
    const evil = "'; DROP TABLE residents;--";
    const res = await createResident(srv.url, km, { first_name: evil, last_name: `O'Brien" OR 1=1 --` });
    assert.equal(res.first_name, evil);
    const g = await api(srv.url, km, 'GET', `/api/v1/residents/${res.id}`);
    assert.equal(g.json.first_name, evil);
    assert.equal(g.json.last_name, `O'Brien" OR 1=1 --`);
    assert.equal(await residentTotal(srv.url, km), before + 1);
    const found = await api(srv.url, km, 'GET', `/api/v1/residents?q=${encodeURIComponent("' OR '1'='1")}`);
    assert.equal(found.status, 200);
    assert.ok(found.json.total < before, 'a quote in q is no SQL');
  });

  test('HTML in names is stored verbatim and escaped on the page', async () => {
    const script = '<script>alert(1)</script>';
    const res = await createResident(srv.url, km, { first_name: script, last_name: '"><img src=x onerror=alert(2)>' });
    assert.equal(res.first_name, script);
    const page = new PageClient(srv.url);
    await page.loginOk('km.dordrecht');
    for (const p of [`/inwoners/${res.id}`, `/inwoners/${res.id}/bewerken`, `/inwoners?q=${res.bsn}`]) {
      const r = await page.get(p);
      assert.equal(r.status, 200, p);
      assert.ok(r.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `${p} shows the name escaped`);
      assert.ok(!r.text.includes('<script>alert'), `${p} has no live script`);
      assert.ok(!r.text.includes('<img src=x'), `${p} has no live img`);
      assert.ok(!/value=""><img/.test(r.text), `${p}: attribute not broken out of`);
    }
  });

  const invalid = [
    ['an invalid BSN (elfproef)', { bsn: '123456789' }, 'bsn', 'Dit is geen geldig BSN (elfproef).'],
    ['a BSN of 8 digits', { bsn: '12345678' }, 'bsn'],
    ['a BSN with letters', { bsn: '12345678a' }, 'bsn'],
    ['BSN 000000000', { bsn: '000000000' }, 'bsn'],
    ['a postcode starting with 0', { postcode: '0123 AB' }, 'postcode', 'Vul een postcode in als 1234 AB.'],
    ['postcode letters SS', { postcode: '3311 SS' }, 'postcode'],
    ['a postcode without letters', { postcode: '33111' }, 'postcode'],
    ['29 February in a non-leap year', { birth_date: '2023-02-29' }, 'birth_date', 'Vul een datum in als JJJJ-MM-DD.'],
    ['month 13', { birth_date: '1990-13-01' }, 'birth_date'],
    ['a Dutch date order', { birth_date: '21-03-1985' }, 'birth_date'],
    ['a date in the future', { birth_date: '2999-01-01' }, 'birth_date'],
    ['an empty first name', { first_name: '   ' }, 'first_name', 'Dit veld is verplicht.'],
    ['a first name of 101 characters', { first_name: 'a'.repeat(101) }, 'first_name'],
    ['a control character in a name', { last_name: 'Jan\u0007sen' }, 'last_name'],
    ['a newline in a name', { last_name: 'Jan\nsen' }, 'last_name'],
    ['an invalid e-mail address', { email: 'anna.example.nl' }, 'email'],
    ['an invalid phone number', { phone: '12ab' }, 'phone'],
    ['an unknown municipality', { municipality: 'GM9999' }, 'municipality'],
    ['a malformed municipality', { municipality: 'Dordrecht' }, 'municipality'],
  ];
  for (const [name, fields, field, message] of invalid) {
    test(`${name} is 422 naming ${field}`, async () => {
      const before = await residentTotal(srv.url, km);
      const r = await api(srv.url, km, 'POST', '/api/v1/residents', residentBody(fields));
      assertProblem(r, 422, name);
      assert.deepEqual(errorFields(r), [field], r.text);
      if (message) assert.equal(r.json.errors[0].message, message);
      assert.equal(await residentTotal(srv.url, km), before);
    });
  }

  test('several bad fields are all named at once', async () => {
    const r = await api(srv.url, km, 'POST', '/api/v1/residents', residentBody({ bsn: '123456789', postcode: 'x', birth_date: 'gisteren' }));
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['birth_date', 'bsn', 'postcode']);
  });

  test('without a municipality someone serving several gets 422 for it', async () => {
    const r = await api(srv.url, regio, 'POST', '/api/v1/residents', residentBody());
    assertProblem(r, 422);
    assert.deepEqual(errorFields(r), ['municipality']);
  });

  test('a duplicate BSN is 409 naming the BSN, even written differently', async () => {
    const res = await createResident(srv.url, km);
    const before = await residentTotal(srv.url, km);
    let r = await api(srv.url, km, 'POST', '/api/v1/residents', residentBody({ bsn: res.bsn }));
    assertProblem(r, 409);
    assert.deepEqual(errorFields(r), ['bsn']);
    assert.equal(r.json.errors[0].message, 'Er is al een inwoner met dit BSN.');
    r = await api(srv.url, km, 'POST', '/api/v1/residents', residentBody({ bsn: ` ${res.bsn} ` }));
    assertProblem(r, 409);
    // also across municipalities: km.regio registering the same BSN in Papendrecht
    r = await api(srv.url, regio, 'POST', '/api/v1/residents', residentBody({ bsn: res.bsn, municipality: 'GM0590' }));
    assertProblem(r, 409);
    assert.equal(await residentTotal(srv.url, km), before);
  });

  test('60 parallel registrations and 100 parallel reads all succeed', async () => {
    const before = await residentTotal(srv.url, km);
    const made = await Promise.all(Array.from({ length: 60 }, () => api(srv.url, km, 'POST', '/api/v1/residents', residentBody())));
    const statuses = made.map((r) => r.status);
    assert.ok(statuses.every((s) => s === 201 || s === 409), statuses.join(','));
    const ok = made.filter((r) => r.status === 201);
    assert.ok(ok.length >= 55, `${ok.length} of 60 made (409 only for a BSN that happened to exist)`);
    assert.equal(await residentTotal(srv.url, km), before + ok.length);
    const reads = await Promise.all(Array.from({ length: 100 }, (_, i) => api(srv.url, km, 'GET', `/api/v1/residents/${ok[i % ok.length].json.id}`)));
    for (const r of reads) assert.equal(r.status, 200);
  });

  test('two parallel registrations of one BSN: exactly one wins', async () => {
    const body = residentBody();
    const rs = await Promise.all(Array.from({ length: 6 }, () => api(srv.url, km, 'POST', '/api/v1/residents', body)));
    const statuses = rs.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409]);
    assert.equal(await residentTotal(srv.url, km, body.bsn), 1);
  });
});
