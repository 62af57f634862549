// werkroute backup and migrate-store against the real binary.
// backup (SQLite): taken while the server serves and writes, the copy passes
// its integrity check, holds every resident acknowledged before it started
// (and a consistent prefix of those written meanwhile) and serves; an
// existing file is only replaced with --force; a PostgreSQL database is
// refused with a pointer to pg_dump.
// migrate-store: the demo database moves from SQLite into a new PostgreSQL
// database (api variant; the api-pg variant moves it from PostgreSQL into
// SQLite), serves there with the same residents and hands out fresh ids; a
// second move into the same target is refused and writes nothing.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { STORE, api, createResident, login, makeDatabase, residentTotal, run, serve } from './lib.mjs';

const TABLES = ['municipalities', 'organisations', 'organisation_municipalities', 'residents', 'resident_words', 'users',
  'user_municipalities', 'sessions', 'cases', 'case_transitions', 'notes', 'audit_log'];

/** A new database on the test cluster; fails (never skips) without one. */
function pgUrl(name) {
  const base = process.env.WERKROUTE_TEST_PG_URL;
  assert.ok(base, 'WERKROUTE_TEST_PG_URL is not set, so the move to PostgreSQL cannot be tested: '
    + 'run the tests with make test, or start a cluster with scripts/pg-cluster.sh start DIR and '
    + 'export the URL it prints');
  return `${base.replace(/\/[^/]*$/, '')}/wr_${name}_${process.pid}_${crypto.randomInt(1e9)}`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const tempFiles = (dir) => fs.readdirSync(dir).filter((n) => n.includes('.tmp-'));

let source; // the demo database of the store under test: {dir, db}
before(async () => { source = await makeDatabase({ demo: true }); });
after(() => { if (source) fs.rmSync(source.dir, { recursive: true, force: true }); });

describe('backup', () => {
  const sqliteOnly = STORE !== 'sqlite' && 'backup copies SQLite databases; this variant serves PostgreSQL';

  test('taken while the server writes: sound, complete up to its start, and it serves', { skip: sqliteOnly }, async () => {
    const copy = path.join(source.dir, 'backup.db');
    const srv = await serve({ dir: source.dir, db: source.db });
    let acked, during, total0, r, backupMs;
    try {
      const token = await login(srv.url, 'km.dordrecht');
      acked = [];
      for (let i = 0; i < 5; i++) acked.push(await createResident(srv.url, token));
      total0 = await residentTotal(srv.url, token);
      // A writer keeps creating residents before, during and after the backup.
      during = [];
      let writing = true;
      const writer = (async () => {
        while (writing) during.push(await createResident(srv.url, token));
      })();
      while (during.length < 3) await sleep(2);
      acked.push(...during.slice(0, during.length));
      const t0 = Date.now();
      r = await run(['backup', '--db', source.db, '--to', copy], { env: { SUDO_USER: 'beheerder.backup' } });
      backupMs = Date.now() - t0;
      await sleep(50);
      writing = false;
      await writer;
      console.log(`# backup of the demo database: ${backupMs} ms while ${during.length} residents were written`);
    } finally {
      await srv.stop();
    }
    assert.equal(r.code, 0, `backup failed:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /integrity ok/);
    assert.match(r.stdout, /\d+ bytes/);
    for (const t of TABLES) assert.match(r.stdout, new RegExp(`^${t}\\s+\\d+$`, 'm'), `row count of ${t}`);
    assert.doesNotMatch(r.stdout, /^schema_migrations\s/m);
    assert.deepEqual(tempFiles(source.dir), [], 'no temporary file left');
    assert.equal(fs.statSync(copy).mode & 0o077, 0, 'the copy is readable by its owner only');

    const copySrv = await serve({ dir: source.dir, db: `sqlite:${copy}` });
    try {
      const token = await login(copySrv.url, 'km.dordrecht');
      for (const res of acked) {
        const g = await api(copySrv.url, token, 'GET', `/api/v1/residents/${res.id}`);
        assert.equal(g.status, 200, `resident ${res.id}, acknowledged before the backup, is in the copy`);
        assert.equal(g.json.bsn, res.bsn);
      }
      // Those written meanwhile: a prefix made it (one snapshot), the rest not.
      const present = [];
      for (const res of during) {
        const g = await api(copySrv.url, token, 'GET', `/api/v1/residents/${res.id}`);
        assert.ok(g.status === 200 || g.status === 404, g.text);
        present.push(g.status === 200);
      }
      const k = present.indexOf(false) < 0 ? present.length : present.indexOf(false);
      assert.ok(present.slice(k).every((p) => !p), `the copy holds a prefix of the writes: ${present}`);
      assert.equal(await residentTotal(copySrv.url, token), total0 + k, 'the count agrees with the rows');
    } finally {
      await copySrv.stop();
    }
    // The live database records that a full copy left it (the copy, taken
    // before, does not).
    const live = await serve({ dir: source.dir, db: source.db });
    try {
      const fg = await login(live.url, 'fg');
      const log = await api(live.url, fg, 'GET', '/api/v1/audit?user=beheerder.backup');
      assert.deepEqual(log.json.items.map((e) => [e.action, e.role, e.allowed]), [['store.backup', 'system', true]]);
    } finally {
      await live.stop();
    }
  });

  test('an existing file is replaced only with --force', { skip: sqliteOnly }, async () => {
    const copy = path.join(source.dir, 'backup.db');
    if (!fs.existsSync(copy)) await run(['backup', '--db', source.db, '--to', copy]);
    const hash = sha256(copy);
    const inode = fs.statSync(copy).ino;
    let r = await run(['backup', '--db', source.db, '--to', copy]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /exists.*--force/);
    assert.equal(sha256(copy), hash, 'the file is untouched');
    assert.equal(fs.statSync(copy).ino, inode);
    r = await run(['backup', '--db', source.db, '--to', copy, '--force']);
    assert.equal(r.code, 0, r.stderr);
    assert.notEqual(fs.statSync(copy).ino, inode, 'replaced by a new file');
    assert.deepEqual(tempFiles(source.dir), []);
    // Into a directory that does not exist: an error, and nothing is left.
    r = await run(['backup', '--db', source.db, '--to', path.join(source.dir, 'nope', 'b.db')]);
    assert.notEqual(r.code, 0);
    assert.ok(!fs.existsSync(path.join(source.dir, 'nope')));
  });

  test('a PostgreSQL database is refused with a pointer to pg_dump', async () => {
    const file = path.join(source.dir, 'pg-backup.db');
    const r = await run(['backup', '--db', 'postgresql://werkroute@127.0.0.1:1/werkroute', '--to', file]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /pg_dump/);
    assert.match(r.stderr, /pg_basebackup/);
    assert.ok(!fs.existsSync(file));
  });
});

describe('migrate-store', () => {
  // api: SQLite -> PostgreSQL, the move that matters; api-pg: back again.
  let target, total, sample, newest, afterTotal;

  test(`moves the demo database into a new ${STORE === 'sqlite' ? 'PostgreSQL' : 'SQLite'} database`, async () => {
    target = STORE === 'sqlite' ? pgUrl('moved') : `sqlite:${path.join(source.dir, 'moved.db')}`;
    // What the source holds, read through the API; then stop it (as the
    // README says: the source is not written during the move).
    const srv = await serve({ dir: source.dir, db: source.db });
    try {
      const token = await login(srv.url, 'km.dordrecht');
      newest = await createResident(srv.url, token, { first_name: 'Laatste', prefix: "van 't", last_name: 'Voor-de-Verhuizing' });
      total = await residentTotal(srv.url, token);
      const list = await api(srv.url, token, 'GET', '/api/v1/residents?limit=1&q=');
      sample = (await api(srv.url, token, 'GET', `/api/v1/residents/${list.json.items[0].id}`)).json;
    } finally {
      await srv.stop();
    }

    const t0 = Date.now();
    const r = await run(['migrate-store', '--from', source.db, '--to', target], { timeoutMs: 300_000, env: { SUDO_USER: 'beheerder.verhuizing' } });
    console.log(`# migrate-store of the demo database (${STORE === 'sqlite' ? 'SQLite to PostgreSQL' : 'PostgreSQL to SQLite'}): ${Date.now() - t0} ms`);
    assert.equal(r.code, 0, `migrate-store failed:\n${r.stdout}\n${r.stderr}`);
    for (const t of TABLES) {
      const m = new RegExp(`^${t}\\s+(\\d+)\\s+(\\d+)\\s+[0-9a-f]{16}\\s+OK$`, 'm').exec(r.stdout);
      assert.ok(m, `table ${t} verified:\n${r.stdout}`);
      assert.equal(m[1], m[2]);
    }
    assert.match(r.stdout, /all verified/);

    const moved = await serve({ dir: source.dir, db: target });
    try {
      const token = await login(moved.url, 'km.dordrecht');
      assert.equal(await residentTotal(moved.url, token), total, 'the same residents');
      const g = await api(moved.url, token, 'GET', `/api/v1/residents/${sample.id}`);
      assert.equal(g.status, 200);
      assert.deepEqual(g.json, sample, 'a resident by id, unchanged');
      const n = await api(moved.url, token, 'GET', `/api/v1/residents/${newest.id}`);
      assert.equal(n.json.prefix, "van 't");
      assert.equal((await api(moved.url, token, 'GET', '/api/v1/residents?q=verhuizing&limit=5')).json.total, 1,
        'search finds a moved resident (the target built its own search index)');
      // A new resident gets a fresh id: the sequences were moved on.
      const fresh = await createResident(moved.url, token);
      assert.ok(fresh.id > newest.id, `fresh id ${fresh.id} after ${newest.id}`);
      afterTotal = await residentTotal(moved.url, token);
      assert.equal(afterTotal, total + 1);
      // The move itself is in the audit log of its new home, with who ran it.
      const fg = await login(moved.url, 'fg');
      const log = await api(moved.url, fg, 'GET', '/api/v1/audit?user=beheerder.verhuizing');
      assert.equal(log.status, 200);
      assert.deepEqual(log.json.items.map((e) => [e.action, e.role, e.allowed, e.reason]),
        [['store.migrate', 'system', true, STORE === 'sqlite' ? 'from_sqlite' : 'from_postgresql']]);
    } finally {
      await moved.stop();
    }
  });

  test('a second move into the same database is refused and writes nothing', async () => {
    assert.ok(target, 'the move above ran');
    const r = await run(['migrate-store', '--from', source.db, '--to', target]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /not empty/);
    const moved = await serve({ dir: source.dir, db: target });
    try {
      const token = await login(moved.url, 'km.dordrecht');
      assert.equal(await residentTotal(moved.url, token), afterTotal);
    } finally {
      await moved.stop();
    }
  });
});
