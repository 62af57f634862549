// Nothing acknowledged is lost: residents are created by several clients at
// once while (a) the werkroute server is killed with SIGKILL and started
// again, and (b, PostgreSQL) the database server is restarted under load
// (an immediate stop, which PostgreSQL recovers from like a crash). Every
// resident whose creation was answered 201 must be there afterwards; while
// the database is away requests get 503 with a Dutch problem document, and
// werkroute recovers by itself, without a restart.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { STORE, api, login, makeDatabase, residentBody, serve } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Creates residents from `clients` concurrent loops until stop() is called;
// records every acknowledged BSN and every other status.
function load(url, token, clients = 8) {
  const acknowledged = new Map(); // bsn -> id
  const statuses = new Map();
  const problems = [];
  let running = true;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      const body = residentBody();
      let r;
      try {
        r = await api(url, token, 'POST', '/api/v1/residents', body);
      } catch {
        statuses.set('network', (statuses.get('network') || 0) + 1);
        await sleep(20);
        continue;
      }
      statuses.set(r.status, (statuses.get(r.status) || 0) + 1);
      if (r.status === 201) acknowledged.set(body.bsn, r.json.id);
      else if (r.status >= 500) {
        problems.push(r);
        await sleep(20);
      }
    }
  });
  return {
    acknowledged,
    statuses,
    problems,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function assertAllPresent(url, token, acknowledged) {
  let missing = 0;
  for (const [bsn, id] of acknowledged) {
    const r = await api(url, token, 'GET', `/api/v1/residents/${id}`);
    if (r.status !== 200 || r.json.bsn !== bsn) missing++;
  }
  assert.equal(missing, 0, `${missing} of ${acknowledged.size} acknowledged residents are missing`);
}

describe(`crash recovery (${STORE})`, () => {
  let dir;
  let db;
  before(async () => {
    ({ dir, db } = await makeDatabase());
  });
  after(async () => {
    const fs = await import('node:fs');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a werkroute killed with SIGKILL under load loses no acknowledged write', async () => {
    let srv = await serve({ dir, db, args: ['--threads', '8'] });
    let token = await login(srv.url, 'km.dordrecht');
    const l = load(srv.url, token);
    await sleep(1500);
    srv.process.kill('SIGKILL');
    await sleep(300);
    await l.stop();
    assert.ok(l.acknowledged.size > 20, `only ${l.acknowledged.size} writes were acknowledged`);
    srv = await serve({ dir, db });
    token = await login(srv.url, 'km.dordrecht');
    await assertAllPresent(srv.url, token, l.acknowledged);
    await srv.stop();
  });

  test('a PostgreSQL restart under load: 503 while away, recovery without restart, nothing lost', async (t) => {
    if (STORE !== 'postgresql') {
      t.skip('only for the PostgreSQL store');
      return;
    }
    const pgdir = process.env.WERKROUTE_TEST_PG_DIR;
    assert.ok(pgdir, 'WERKROUTE_TEST_PG_DIR is not set: run the tests with make test');
    const srv = await serve({ dir, db, args: ['--threads', '8'] });
    const token = await login(srv.url, 'km.dordrecht');
    const l = load(srv.url, token);
    await sleep(1000);
    const before503 = l.statuses.get(503) || 0;
    execFileSync(path.join(here, '../../scripts/pg-cluster.sh'), ['restart', pgdir, 'immediate']);
    // Keep the load going while werkroute finds its connections again.
    await sleep(2000);
    const acknowledgedAtRestart = l.acknowledged.size;
    await sleep(1500);
    await l.stop();
    assert.ok(l.acknowledged.size > acknowledgedAtRestart,
      `werkroute did not recover by itself: no writes after the restart (${JSON.stringify([...l.statuses])})`);
    for (const p of l.problems) {
      assert.equal(p.status, 503, `while the database was away: ${p.status} ${p.text}`);
      assert.match(p.headers.get('content-type'), /application\/problem\+json/);
      assert.match(p.json.detail, /tijdelijk niet beschikbaar/);
    }
    console.log(`# statuses: ${JSON.stringify([...l.statuses])}, 503s during restart: ${(l.statuses.get(503) || 0) - before503}`);
    await assertAllPresent(srv.url, token, l.acknowledged);
    await srv.stop();
  });
});
