// One demo region per test run, copied for every test that wants one.
//
// `werkroute demo` builds the whole region (residents, cases, ESCO, intakes,
// plans, referrals): tens of seconds, longer under AddressSanitizer, and
// nearly every API and browser test starts from it. When
// WERKROUTE_TEST_TEMPLATE_DIR is set (scripts/test.sh sets it to a fresh
// directory and removes it afterwards), the first test to ask builds the
// region once per binary and store with the real `init` and `demo`
// commands, and every test then gets its own copy: a file copy for SQLite,
// CREATE DATABASE ... TEMPLATE for PostgreSQL. Without the variable each
// test builds its own, as before.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The PostgreSQL database name of a postgresql:// URL, and the URL without it. */
function pgParts(url) {
  const m = /^(.*)\/([^/?]+)(\?.*)?$/.exec(url);
  return { base: m[1], name: m[2] };
}

/**
 * Returns the template's database URL, building it first when no test of
 * this run has: build(url) must fill url with the demo region. Resolves
 * null when templates are off or could not be built (the caller then builds
 * its own). bin identifies the binary (a rebuilt one gets a new template),
 * store is "sqlite" or "postgresql", flavour tells apart templates built
 * differently (the API and browser tests), makeUrl(name) gives a database URL.
 */
export async function demoTemplate({ bin, store, flavour = '', makeUrl, build }) {
  const dir = process.env.WERKROUTE_TEST_TEMPLATE_DIR;
  if (!dir) return null;
  const st = fs.statSync(bin);
  const key = `${store}_${flavour}_${Math.round(st.mtimeMs)}_${st.size}`.replace(/[^a-z0-9_]/gi, '_');
  const ready = path.join(dir, `${key}.ready`);
  const lock = path.join(dir, `${key}.lock`);
  for (let waited = 0; waited < 900_000; waited += 250) {
    if (fs.existsSync(ready)) {
      const url = fs.readFileSync(ready, 'utf8');
      return url === 'failed' ? null : url;
    }
    let fd;
    try {
      fd = fs.openSync(lock, 'wx');
    } catch {
      await sleep(250); // another test builds it
      continue;
    }
    fs.closeSync(fd);
    const url = makeUrl(`tmpl_${key}`);
    let result = 'failed';
    try {
      await build(url);
      result = url;
    } finally {
      fs.writeFileSync(`${ready}.tmp`, result);
      fs.renameSync(`${ready}.tmp`, ready);
    }
    return result;
  }
  return null;
}

/** Makes the database at url a copy of the template at tmpl. */
export async function cloneTemplate(tmpl, url) {
  if (tmpl.startsWith('sqlite:')) {
    const from = tmpl.slice('sqlite:'.length);
    const to = url.slice('sqlite:'.length);
    fs.copyFileSync(from, to);
    // The demo closes its database cleanly, so the WAL is empty or gone.
    if (fs.existsSync(`${from}-wal`)) fs.copyFileSync(`${from}-wal`, `${to}-wal`);
    return;
  }
  const { base, name: template } = pgParts(tmpl);
  const { name } = pgParts(url);
  // Copies of one template may be made at once; PostgreSQL refuses while
  // another session is connected to the template, so try again a while.
  let last;
  for (let attempt = 0; attempt < 40; attempt++) {
    last = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', `${base}/postgres`, '-c',
      `CREATE DATABASE "${name}" TEMPLATE "${template}"`], { encoding: 'utf8' });
    if (last.status === 0) return;
    await sleep(250);
  }
  throw new Error(`copying the demo template into ${name} failed: ${last.stderr}`);
}
