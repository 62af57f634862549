// Start-up and configuration: the subcommands, their help, init's password
// rules, serve's refusal of a missing database, --print-config, and a
// graceful stop that keeps every acknowledged write.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, describe, test } from 'node:test';

import {
  dbUrl,
  ADMIN_PASSWORD, DATA, api, createResident, login, makeDatabase, residentBody, run, runOk, serve,
  tempDir,
} from './lib.mjs';

const dirs = [];
function dir() {
  const d = tempDir();
  dirs.push(d);
  return d;
}
after(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

describe('version and help', () => {
  test('--version prints the version and exits 0', async () => {
    const r = await runOk(['--version']);
    assert.match(r.stdout, /^werkroute \d+\.\d+\.\d+\s*$/);
  });

  test('--help lists the commands and exits 0', async () => {
    const r = await runOk(['--help']);
    for (const c of ['init', 'demo', 'serve']) assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
  });

  for (const cmd of ['init', 'demo', 'serve']) {
    test(`${cmd} --help lists its options with environment variables and exits 0`, async () => {
      const r = await runOk([cmd, '--help']);
      assert.match(r.stdout, new RegExp(`usage: werkroute ${cmd}`));
      assert.match(r.stdout, /--db\b/);
      assert.match(r.stdout, /WERKROUTE_DB/);
      assert.match(r.stdout, /default sqlite:werkroute\.db/);
    });
  }

  test('serve --help names every serve setting', async () => {
    const r = await runOk(['serve', '--help']);
    for (const o of ['--listen', '--threads', '--max-body', '--session-idle-minutes',
      '--session-max-hours', '--secure-cookies', '--print-config', 'WERKROUTE_MAX_BODY',
      'WERKROUTE_SECURE_COOKIES', 'WERKROUTE_LISTEN']) {
      assert.ok(r.stdout.includes(o), `serve --help mentions ${o}`);
    }
  });

  test('demo --help names --password, --seed and --data', async () => {
    const r = await runOk(['demo', '--help']);
    for (const o of ['--password', '--seed', '--data']) assert.ok(r.stdout.includes(o), o);
  });

  test('no command, an unknown command or an unknown option exits 2 with a message', async () => {
    let r = await run([]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /usage: werkroute COMMAND/);
    r = await run(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command 'frobnicate'/);
    r = await run(['serve', '--no-such-option']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--no-such-option'/);
    r = await run(['serve', 'stray']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unexpected argument 'stray'/);
  });

  test('a setting out of bounds is refused with exit 2 and names the bounds', async () => {
    let r = await run(['serve', '--threads', '0', '--print-config']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--threads.*1 to 256.*'0'/);
    r = await run(['serve', '--max-body', 'lots', '--print-config']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /whole number/);
    r = await run(['serve', '--print-config'], { env: { WERKROUTE_THREADS: '-3' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /WERKROUTE_THREADS/);
    r = await run(['serve', '--threads']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--threads needs a value/);
  });
});

describe('init', () => {
  test('without WERKROUTE_ADMIN_PASSWORD and with empty stdin it fails with a message', async () => {
    const db = dbUrl(dir(), 'a');
    const r = await run(['init', '--db', db], { env: { WERKROUTE_ADMIN_PASSWORD: undefined }, input: '' });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no admin password.*WERKROUTE_ADMIN_PASSWORD/);
    assert.doesNotMatch(r.stdout, /user admin created/);
  });

  test('a password shorter than 12 characters is refused', async () => {
    const db = dbUrl(dir(), 'b');
    let r = await run(['init', '--db', db], { env: { WERKROUTE_ADMIN_PASSWORD: 'kort-123' } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /at least 12|12 to 256/);
    // from stdin too, and an empty line is no password
    r = await run(['init', '--db', db], { env: { WERKROUTE_ADMIN_PASSWORD: undefined }, input: 'elf-tekens!\n' });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /12 to 256/);
    r = await run(['init', '--db', db], { env: { WERKROUTE_ADMIN_PASSWORD: undefined }, input: '\n' });
    assert.notEqual(r.code, 0);
    // nothing half-made: a good password afterwards creates the admin
    r = await runOk(['init', '--db', db], { env: { WERKROUTE_ADMIN_PASSWORD: undefined }, input: 'twaalf-tekens\n' });
    assert.match(r.stdout, /user admin created/);
  });

  test('twice is idempotent and keeps the first password', async () => {
    const d = dir();
    const db = dbUrl(d, 'c');
    let r = await runOk(['init', '--db', db], { env: { WERKROUTE_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    assert.match(r.stdout, /user admin created/);
    r = await runOk(['init', '--db', db], { env: { WERKROUTE_ADMIN_PASSWORD: 'een-ander-wachtwoord' } });
    assert.match(r.stdout, /up to date; user admin exists/);
    const srv = await serve({ dir: d, db });
    try {
      const ok = await api(srv.url, null, 'POST', '/api/v1/sessions', { username: 'admin', password: ADMIN_PASSWORD });
      assert.equal(ok.status, 201);
      const bad = await api(srv.url, null, 'POST', '/api/v1/sessions', { username: 'admin', password: 'een-ander-wachtwoord' });
      assert.equal(bad.status, 401);
    } finally {
      await srv.stop();
    }
  });

  test('demo refuses a short password before touching the database', async () => {
    const d = dir();
    const r = await run(['demo', '--db', `sqlite:${path.join(d, 'x.db')}`, '--data', DATA, '--password', 'kort']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /12 to 256/);
    assert.ok(!fs.existsSync(path.join(d, 'x.db')));
  });
});

describe('serve', () => {
  test('on a missing database fails clearly and creates nothing', async () => {
    const d = dir();
    const file = path.join(d, 'missing.db');
    const r = await run(['serve', '--db', `sqlite:${file}`, '--listen', '127.0.0.1:0']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /cannot open sqlite:.*missing\.db/);
    assert.match(r.stderr, /werkroute init/);
    assert.ok(!fs.existsSync(file), 'serve must not create a database');
  });

  test('--print-config shows the effective settings from flags, environment and defaults', async () => {
    const r = await runOk(['serve', '--print-config', '--db', 'sqlite:/tmp/nowhere/x.db', '--listen',
      '127.0.0.1:9999', '--max-body', '4096', '--secure-cookies'], { env: { WERKROUTE_THREADS: '7', WERKROUTE_SESSION_IDLE_MINUTES: undefined } });
    const lines = Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split(' = ')));
    assert.equal(lines.db, 'sqlite:/tmp/nowhere/x.db');
    assert.equal(lines.listen, '127.0.0.1:9999');
    assert.equal(lines.threads, '7', 'from WERKROUTE_THREADS');
    assert.equal(lines['max-body'], '4096');
    assert.equal(lines['secure-cookies'], 'true');
    assert.equal(lines['session-idle-minutes'], '30', 'the default');
    assert.equal(lines['session-max-hours'], '10');
    assert.ok('data' in lines && 'connection-timeout' in lines && 'per-ip-connections' in lines);
    assert.ok(!('print-config' in lines));
    // a flag beats the environment
    const r2 = await runOk(['serve', '--print-config', '--threads', '2'], { env: { WERKROUTE_THREADS: '7' } });
    assert.match(r2.stdout, /^threads = 2$/m);
  });

  test('--print-config masks a password in a database URL and nothing else', async () => {
    const r = await runOk(['serve', '--print-config', '--db', 'postgresql://werk:geheim123@db.example/werkroute']);
    assert.ok(!r.stdout.includes('geheim123'), r.stdout);
    assert.match(r.stdout, /^db = postgresql:\/\/werk:\*+@db\.example\/werkroute$/m);
  });

  test('a taken port fails with a message', async () => {
    const blocker = net.createServer();
    await new Promise((res) => blocker.listen(0, '127.0.0.1', res));
    const { port } = blocker.address();
    const d = dir();
    const { db } = await makeDatabase({ demo: false, dir: d });
    try {
      const r = await run(['serve', '--db', db, '--listen', `127.0.0.1:${port}`]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /cannot listen/);
    } finally {
      blocker.close();
    }
  });

  test('stops on SIGTERM with exit 0 and an acknowledged write survives a restart', async () => {
    const { dir: d, db, demoMs } = await makeDatabase({ demo: true, dir: dir() });
    console.log(`# demo took ${demoMs} ms`);
    let srv = await serve({ dir: d, db });
    let token = await login(srv.url, 'km.dordrecht');
    const created = await createResident(srv.url, token, { first_name: 'Blijft', last_name: 'Bewaard' });
    // The answer came back, so the write was committed: stop at once.
    const stopped = await srv.stop();
    assert.equal(stopped.code, 0);
    assert.match(srv.stderr, /SIGTERM received, stopping/);
    assert.match(srv.stderr, /stopped/);

    srv = await serve({ dir: d, db });
    token = await login(srv.url, 'km.dordrecht');
    let r = await api(srv.url, token, 'GET', `/api/v1/residents/${created.id}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, created);
    r = await api(srv.url, token, 'GET', `/api/v1/residents?q=${created.bsn}`);
    assert.equal(r.json.total, 1);

    // Now SIGTERM in the middle of a flood of writes: every write that was
    // answered 201 must be there after the restart.
    const acknowledged = [];
    let flooding = true;
    const worker = async () => {
      while (flooding) {
        try {
          const w = await api(srv.url, token, 'POST', '/api/v1/residents', residentBody({ first_name: 'Vloed' }));
          if (w.status === 201) acknowledged.push(w.json);
          else if (w.status !== 409) flooding = false;
        } catch {
          flooding = false; // the server went away: that write was not acknowledged
        }
      }
    };
    const workers = Array.from({ length: 6 }, worker);
    await new Promise((res) => setTimeout(res, 400));
    srv.process.kill('SIGTERM');
    await Promise.all(workers);
    assert.equal((await srv.stop()).code, 0);
    assert.ok(acknowledged.length > 0, 'some writes were acknowledged before the stop');

    srv = await serve({ dir: d, db });
    try {
      token = await login(srv.url, 'km.dordrecht');
      for (const w of acknowledged) {
        const g = await api(srv.url, token, 'GET', `/api/v1/residents/${w.id}`);
        assert.equal(g.status, 200, `acknowledged resident ${w.id} survives`);
        assert.deepEqual(g.json, w);
      }
      console.log(`# ${acknowledged.length} acknowledged writes checked after the restart`);
    } finally {
      await srv.stop();
    }
  });

  test('SIGINT stops it too, with exit 0', async () => {
    const d = dir();
    const { db } = await makeDatabase({ demo: false, dir: d });
    const srv = await serve({ dir: d, db });
    const r = await srv.stop({ signal: 'SIGINT' });
    assert.equal(r.code, 0);
    assert.match(srv.stderr, /SIGINT received/);
  });

  test('a session from before a restart still works (sessions live in the database)', async () => {
    const d = dir();
    const { db } = await makeDatabase({ demo: false, dir: d });
    let srv = await serve({ dir: d, db });
    const token = await login(srv.url, 'admin', ADMIN_PASSWORD);
    await srv.stop();
    srv = await serve({ dir: d, db });
    try {
      const r = await api(srv.url, token, 'GET', '/api/v1/users');
      assert.equal(r.status, 200);
    } finally {
      await srv.stop();
    }
  });
});

