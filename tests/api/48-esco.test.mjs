// /api/v1/esco/occupations and /api/v1/esco/skills: picking ESCO occupations
// and skills by typing a few letters, on the demo region (whose `demo` loads
// ESCO from the shared data). Only logged-in professionals may ask; bad
// queries get a 400 problem; the searches are reference data and leave no
// audit records.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { api, assertAlive, assertProblem, login, startServer } from './lib.mjs';

const OCC = 'http://data.europa.eu/esco/occupation/';
const SKILL = 'http://data.europa.eu/esco/skill/';
const LASSER = `${OCC}7aedaa07-3884-4c5b-88f9-80997b2aa54b`;
const BARMAN = `${OCC}2f5e38a0-6578-4665-bdbd-e2ab505be140`;
const WELDING_TECHNIQUES = `${SKILL}530cb489-d900-46ab-9350-4d50ccd49eea`;
const CUTTING = `${SKILL}2973b3bc-5893-4b3d-8953-22ef677a162f`;
const ATTRIBUTION = 'This service uses the ESCO classification of the European Commission.';

let srv, km, coach, fg;
before(async () => {
  srv = await startServer({ demo: true });
  km = await login(srv.url, 'km.dordrecht');
  coach = await login(srv.url, 'jobcoach');
  fg = await login(srv.url, 'fg');
});
after(() => srv?.stop());

const get = (token, kind, qs) => api(srv.url, token, 'GET', `/api/v1/esco/${kind}?${qs}`);
const q = (s) => `q=${encodeURIComponent(s)}`;

describe('GET /api/v1/esco/occupations', () => {
  test('finds an occupation by its Dutch label, best match first', async () => {
    const r = await get(km, 'occupations', q('lasser'));
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(r.json.attribution, ATTRIBUTION);
    assert.ok(r.json.total >= 2);
    assert.deepEqual(r.json.items[0], { uri: LASSER, label: 'lasser', label_lang: 'nl' });
    for (const item of r.json.items) {
      assert.equal(typeof item.uri, 'string');
      assert.equal(typeof item.label, 'string');
      assert.ok(['nl', 'en'].includes(item.label_lang));
    }
  });

  test('a few letters, an English label and an alternative label find it too', async () => {
    for (const s of ['lass', 'welder', 'gaslasser', 'LASSER']) {
      const r = await get(km, 'occupations', `${q(s)}&limit=50`);
      assert.equal(r.status, 200, r.text);
      assert.ok(r.json.items.some((i) => i.uri === LASSER), `${s} finds lasser`);
    }
  });

  test('accents and case are ignored', async () => {
    const uris = async (s) => (await get(km, 'occupations', `${q(s)}&limit=100`)).json.items.map((i) => i.uri);
    const accented = await uris('café');
    assert.ok(accented.includes(BARMAN), 'cafébediende is a label of barman/barvrouw');
    assert.deepEqual(await uris('cafe'), accented);
    assert.deepEqual(await uris('CAFÉ'), accented);
  });

  test('limit and offset page through the matches', async () => {
    const all = await get(km, 'occupations', `${q('las')}&limit=10`);
    const page = await get(km, 'occupations', `${q('las')}&limit=3&offset=2`);
    assert.equal(page.status, 200);
    assert.equal(page.json.total, all.json.total);
    assert.deepEqual(page.json.items, all.json.items.slice(2, 5));
    const none = await get(km, 'occupations', q('xqzxqz'));
    assert.equal(none.status, 200);
    assert.deepEqual(none.json.items, []);
    assert.equal(none.json.total, 0);
  });
});

describe('GET /api/v1/esco/skills', () => {
  test('an English-only skill is marked and named by its Dutch skill group', async () => {
    const r = await get(coach, 'skills', q('welding techniques'));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json.items[0], {
      uri: WELDING_TECHNIQUES,
      label: 'welding techniques',
      label_lang: 'en',
      group_label: 'mechanica en metaal',
    });
    assert.equal(r.json.attribution, ATTRIBUTION);
  });

  test('a skill with a Dutch label is shown in Dutch and found in both languages', async () => {
    for (const s of ['snijtech', 'cutting technologies']) {
      const r = await get(coach, 'skills', `${q(s)}&limit=20`);
      const item = r.json.items.find((i) => i.uri === CUTTING);
      assert.deepEqual(item, { uri: CUTTING, label: 'snijtechnieken', label_lang: 'nl' }, s);
    }
  });

  test('skills and occupations are apart', async () => {
    const r = await get(km, 'skills', `${q('lasser')}&limit=100`);
    assert.equal(r.status, 200);
    assert.ok(!r.json.items.some((i) => i.uri === LASSER));
  });
});

describe('access', () => {
  test('without login: 401 problem', async () => {
    for (const kind of ['occupations', 'skills']) {
      const r = await get(null, kind, q('lasser'));
      assertProblem(r, 401, kind);
      assert.equal(r.headers.get('www-authenticate'), 'Bearer');
    }
  });

  test('residents and employers: 403 problem', async () => {
    for (const user of ['inwoner', 'werkgever.merwedeoever']) {
      const token = await login(srv.url, user);
      for (const kind of ['occupations', 'skills']) {
        const p = assertProblem(await get(token, kind, q('lasser')), 403, `${user} ${kind}`);
        assert.match(p.detail, /professionals/);
      }
    }
  });

  test('only GET', async () => {
    const r = await api(srv.url, km, 'POST', '/api/v1/esco/skills', { q: 'lassen' });
    assertProblem(r, 405);
  });

  test('reference data: searching leaves no audit records', async () => {
    const count = async () => {
      const r = await api(srv.url, fg, 'GET', '/api/v1/audit?limit=1000&user=jobcoach');
      assert.equal(r.status, 200, r.text);
      return r.json.total;
    };
    const before = await count();
    await get(coach, 'skills', q('lassen'));
    await get(coach, 'occupations', q('lasser'));
    assert.equal(await count(), before);
  });
});

describe('bad input', () => {
  const cases = [
    ['no q', ''],
    ['empty q', 'q='],
    ['blank q', `${q('   ')}`],
    ['q of 101 characters', q('a'.repeat(101))],
    ['q of 7 words', q('a b c d e f g')],
    ['invalid UTF-8', 'q=caf%C3'],
    ['an overlong encoding', 'q=%C0%AF'],
    ['NUL', 'q=a%00b'],
    ['limit 0', `${q('las')}&limit=0`],
    ['limit too big', `${q('las')}&limit=1001`],
    ['negative offset', `${q('las')}&offset=-1`],
  ];
  for (const [what, qs] of cases) {
    test(`${what}: 400 problem in Dutch`, async () => {
      for (const kind of ['occupations', 'skills']) {
        const p = assertProblem(await get(km, kind, qs), 400, `${what} ${kind}`);
        assert.doesNotMatch(p.detail, /[Ee]rror/);
      }
    });
  }

  test('100 characters and 6 words are fine; punctuation finds nothing', async () => {
    assert.equal((await get(km, 'skills', q('a'.repeat(100)))).status, 200);
    assert.equal((await get(km, 'skills', q('a b c d e f'))).status, 200);
    const r = await get(km, 'skills', q('%_\\'));
    assert.equal(r.status, 200);
    assert.equal(r.json.total, 0);
  });

  test('the server still serves', async () => {
    await assertAlive(srv.url);
  });
});
