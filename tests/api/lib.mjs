// Helpers for the black-box API tests (tests/api/[0-9]*.test.mjs, run by
// ctest as `node --test --test-reporter=spec FILE`, one server per file).
//
// Environment (ctest sets both):
//   WERKROUTE_BIN   the werkroute binary (default build/debug/werkroute)
//   WERKROUTE_DATA  the reference data directory (default ../shared/data)
//
// Typical use:
//   let srv;
//   before(async () => { srv = await startServer({ demo: true }); });
//   after(() => srv.stop());
//   const token = await login(srv.url, 'km.dordrecht');
//   const r = await api(srv.url, token, 'GET', '/api/v1/residents?limit=1');
//
// stop() sends SIGTERM, waits, asserts exit code 0 and fails when the
// server's stderr holds sanitizer output; it also removes the temp dir.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { cloneTemplate, demoTemplate } from './demo_template.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const BIN = path.resolve(process.env.WERKROUTE_BIN || path.join(here, '../../build/debug/werkroute'));
export const DATA = path.resolve(process.env.WERKROUTE_DATA || path.join(here, '../../../shared/data'));
/** Password of every demo user (passed to `demo --password`). The demo users:
 * fg (auditor), teamleider (manager), km.regio (case_manager, all seven
 * Drechtsteden municipalities), km.<place> (case_manager of one
 * municipality: km.dordrecht GM0505, km.papendrecht GM0590, ...), jobcoach,
 * wgadviseur, werkgever.merwedeoever, werkgever.lindehof, inwoner (resident,
 * linked to a Dordrecht resident). */
export const PASSWORD = 'demo-wachtwoord-2026';
/** Password of `admin` as `init` creates it (WERKROUTE_ADMIN_PASSWORD); the
 * demo leaves an existing admin's password alone. */
export const ADMIN_PASSWORD = 'beheer-wachtwoord-2026';

const READY = /^werkroute: listening on (http:\/\/\S+?):(\d+)\s*$/;
const SANITIZER = /ERROR: AddressSanitizer|runtime error:|LeakSanitizer|ERROR: UndefinedBehaviorSanitizer|ThreadSanitizer/;
const KEEP = 256 * 1024;

function tail(text, max = KEEP) {
  return text.length > max ? text.slice(text.length - max) : text;
}

/** Fails when text (a process's stderr) holds sanitizer output. */
export function assertNoSanitizer(text, what = 'werkroute') {
  const m = SANITIZER.exec(text);
  if (m) {
    const at = Math.max(0, m.index - 200);
    assert.fail(`${what}: sanitizer output on stderr:\n${text.slice(at, at + 6000)}`);
  }
}

/**
 * Runs `werkroute ARGS...` to completion; never rejects for a non-zero exit.
 * Resolves {code, signal, stdout, stderr}. env is added to (or, for a value
 * of undefined, removed from) the environment; input goes to stdin (stdin is
 * an empty pipe without it).
 */
export function run(args, { env = {}, input = '', timeoutMs = 120_000 } = {}) {
  const fullEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete fullEnv[k];
    else fullEnv[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env: fullEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s) => { stdout = tail(stdout + s); });
    child.stderr.setEncoding('utf8').on('data', (s) => { stderr = tail(stderr + s); });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`werkroute ${args.join(' ')} took longer than ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(new Error(`cannot run ${BIN}: ${err.message}`)); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      try {
        assertNoSanitizer(stderr, `werkroute ${args[0]}`);
      } catch (err) {
        reject(err);
        return;
      }
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs werkroute and asserts it exits 0. */
export async function runOk(args, opts) {
  const r = await run(args, opts);
  assert.equal(r.code, 0, `werkroute ${args.join(' ')} exited ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
  return r;
}

/** The store under test: "sqlite" or "postgresql" (WERKROUTE_TEST_STORE). */
export const STORE = process.env.WERKROUTE_TEST_STORE || 'sqlite';

/**
 * The URL of a fresh database for the store under test: a SQLite file in dir,
 * or a new database on the throwaway PostgreSQL cluster of
 * WERKROUTE_TEST_PG_URL (init and demo create it).
 */
export function dbUrl(dir, name = 't') {
  if (STORE !== 'postgresql') return `sqlite:${path.join(dir, `${name}.db`)}`;
  const base = process.env.WERKROUTE_TEST_PG_URL;
  assert.ok(base, 'WERKROUTE_TEST_STORE=postgresql needs WERKROUTE_TEST_PG_URL (run the tests with make test)');
  const unique = `${name}_${process.pid}_${Math.floor(Math.random() * 1e9)}`.replace(/[^a-z0-9_]/gi, '_');
  return `${base.replace(/\/[^/]*$/, '')}/wr_${unique}`;
}

/** A fresh private temp dir. */
export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'werkroute-api-'));
}

/**
 * Makes a database in a new temp dir: `init` and, with demo, `demo`.
 * Resolves {dir, db (the database URL), demoMs}.
 */
/** init and demo into db, as a new user would run them. */
async function initDemo(db, demo) {
  await runOk(['init', '--db', db], { env: { WERKROUTE_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  if (!demo) return;
  const t0 = Date.now();
  const r = await runOk(['demo', '--db', db, '--data', DATA, '--password', PASSWORD]);
  const ms = Date.now() - t0;
  if (ms > 20_000) console.log(`# NOTE: werkroute demo took ${ms} ms (> 20 s)`);
  assert.doesNotMatch(r.stdout + r.stderr, /ERROR|error:/);
}

export async function makeDatabase({ demo = true, dir = tempDir() } = {}) {
  const db = dbUrl(dir, 't');
  const t0 = Date.now();
  // The demo region of this run, copied (tests/api/demo_template.mjs).
  const tmpl = demo && await demoTemplate({
    bin: BIN,
    store: STORE,
    flavour: 'api',
    makeUrl: (name) => dbUrl(process.env.WERKROUTE_TEST_TEMPLATE_DIR, name),
    build: (url) => initDemo(url, true),
  });
  if (tmpl) await cloneTemplate(tmpl, db);
  else await initDemo(db, demo);
  return { dir, db, demoMs: demo ? Date.now() - t0 : 0 };
}

const running = new Set();
process.on('exit', () => { for (const c of running) c.kill('SIGKILL'); });

/**
 * Starts `werkroute serve` on an existing database (from makeDatabase) on a
 * free loopback port. Options: maxBody (--max-body), args (more flags), env,
 * ownsDir (stop() removes dir). Resolves the server:
 *   {url, port, dir, db, process, stderr (getter), stop({keepDir})}
 */
export async function serve({ dir, db, maxBody, args = [], env = {}, ownsDir = false, readyTimeoutMs = 30_000 }) {
  const serveArgs = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '4', '--data', DATA, ...args];
  if (maxBody !== undefined) serveArgs.push('--max-body', String(maxBody));
  const child = spawn(BIN, serveArgs, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s) => { stderr = tail(stderr + s); });
  const exited = new Promise((resolve) => child.on('close', (code, signal) => {
    running.delete(child);
    resolve({ code, signal });
  }));

  let url, port;
  try {
    [url, port] = await new Promise((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(() => reject(new Error(`werkroute serve not ready within ${readyTimeoutMs} ms`)), readyTimeoutMs);
      child.on('error', (err) => { clearTimeout(timer); reject(err); });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`werkroute serve exited before it was ready (${signal || code})`));
      });
      child.stdout.setEncoding('utf8');
      const onData = (s) => {
        buffered += s;
        let nl;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          const m = READY.exec(line);
          if (m) {
            clearTimeout(timer);
            child.stdout.off('data', onData);
            child.stdout.resume();
            resolve([`${m[1]}:${m[2]}`, Number(m[2])]);
            return;
          }
        }
      };
      child.stdout.on('data', onData);
    });
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    if (ownsDir) fs.rmSync(dir, { recursive: true, force: true });
    err.message += `\n--- server stderr ---\n${stderr}`;
    throw err;
  }

  let stopping = null;
  return {
    url,
    port,
    dir,
    db,
    process: child,
    get stderr() { return stderr; },
    /** SIGTERM (or signal), wait, assert exit 0 and no sanitizer output; removes the dir it owns. */
    stop({ keepDir = false, signal: sig = 'SIGTERM' } = {}) {
      if (stopping) return stopping;
      stopping = (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill(sig);
        let killed = false;
        const timer = setTimeout(() => { killed = true; child.kill('SIGKILL'); }, 15_000);
        const { code, signal } = await exited;
        clearTimeout(timer);
        try {
          assert.ok(!killed, `werkroute serve did not stop within 15 s of SIGTERM\n${stderr}`);
          assertNoSanitizer(stderr, 'werkroute serve');
          assert.equal(signal, null, `werkroute serve died of ${signal}\n${stderr}`);
          assert.equal(code, 0, `werkroute serve exited ${code} after SIGTERM\n${stderr}`);
        } finally {
          if (ownsDir && !keepDir) fs.rmSync(dir, { recursive: true, force: true });
        }
        return { code, signal };
      })();
      return stopping;
    },
  };
}

/** makeDatabase + serve; the server owns (and stop() removes) its temp dir. */
export async function startServer({ demo = true, maxBody, args, env } = {}) {
  const { dir, db, demoMs } = await makeDatabase({ demo });
  const srv = await serve({ dir, db, maxBody, args, env, ownsDir: true });
  srv.demoMs = demoMs;
  return srv;
}

/** Logs in through the API; resolves the bearer token. */
export async function login(url, username, password = PASSWORD) {
  const r = await api(url, null, 'POST', '/api/v1/sessions', { username, password });
  assert.equal(r.status, 201, `login ${username}: ${r.status} ${r.text}`);
  assert.equal(typeof r.json.token, 'string');
  return r.json.token;
}

/**
 * One API request. body: an object (sent as JSON), a string or Buffer (sent
 * as is), or undefined. Content-Type is application/json unless headers set
 * one (null leaves it out). Resolves {status, headers, json, text}.
 */
export async function api(url, token, method, p, body, headers = {}) {
  const h = {};
  if (body !== undefined) h['content-type'] = 'application/json';
  if (token) h.authorization = `Bearer ${token}`;
  for (const [k, v] of Object.entries(headers)) {
    if (v === null) delete h[k.toLowerCase()];
    else h[k.toLowerCase()] = v;
  }
  let payload;
  if (body === undefined) payload = undefined;
  else if (typeof body === 'string' || Buffer.isBuffer(body)) payload = body;
  else payload = JSON.stringify(body);
  const res = await fetch(url + p, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  const ct = res.headers.get('content-type') || '';
  if (/json/.test(ct) && text.length) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Asserts r is an RFC 9457 problem document with the given status. */
export function assertProblem(r, status, msg = '') {
  assert.equal(r.status, status, `${msg} expected ${status}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') || '', /^application\/problem\+json/, `${msg} content-type`);
  assert.ok(r.json, `${msg} problem body is JSON: ${r.text}`);
  assert.equal(typeof r.json.type, 'string');
  assert.equal(typeof r.json.title, 'string');
  assert.equal(r.json.status, status);
  assert.equal(typeof r.json.detail, 'string');
  assert.ok(r.json.detail.length > 0);
  return r.json;
}

/** The field names of a problem's errors list. */
export function errorFields(r) {
  return (r.json?.errors || []).map((e) => e.field).sort();
}

/** Completes an 8-digit number to a valid BSN (elfproef), or null. */
export function bsnFrom(first8) {
  const s = String(first8).padStart(8, '0');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(s[i]);
  const check = sum % 11;
  if (check > 9) return null;
  const bsn = s + check;
  if (sum - check === 0) return null;
  return bsn;
}

let bsnSeq = Math.floor(Math.random() * 50_000_000) + 20_000_000;
/** A valid BSN not handed out before in this process. */
export function freshBsn() {
  for (;;) {
    const b = bsnFrom(bsnSeq++);
    if (b) return b;
  }
}

/** A valid resident body for POST /api/v1/residents; fields override. */
export function residentBody(fields = {}) {
  return {
    bsn: freshBsn(),
    first_name: 'Test',
    last_name: `Persoon${Math.floor(Math.random() * 1e9)}`,
    birth_date: '1985-03-21',
    postcode: '3311 AB',
    ...fields,
  };
}

/**
 * Creates a resident through the API as token and asserts 201; retries with
 * a new BSN when the random one is already taken. Resolves the resident.
 */
export async function createResident(url, token, fields = {}) {
  for (let i = 0; i < 5; i++) {
    const body = residentBody(fields);
    const r = await api(url, token, 'POST', '/api/v1/residents', body);
    if (r.status === 409 && !fields.bsn) continue;
    assert.equal(r.status, 201, `create resident: ${r.status} ${r.text}`);
    return r.json;
  }
  assert.fail('could not find a free BSN');
}

/** Opens a case for a resident; resolves the case. */
export async function openCase(url, token, residentId) {
  const r = await api(url, token, 'POST', `/api/v1/residents/${residentId}/cases`);
  assert.equal(r.status, 201, `open case: ${r.status} ${r.text}`);
  return r.json;
}

/** The total of a resident search as token (q may be ''). */
export async function residentTotal(url, token, q = '') {
  const r = await api(url, token, 'GET', `/api/v1/residents?limit=1&q=${encodeURIComponent(q)}`);
  assert.equal(r.status, 200, r.text);
  return r.json.total;
}

/** The value of the hidden csrf field in an HTML page, or null. */
export function csrfFrom(html) {
  const m = /<input type="hidden" name="csrf" value="([^"]*)"/.exec(html);
  return m ? m[1] : null;
}

function parseSetCookie(line) {
  const [pair, ...attrs] = line.split(';').map((s) => s.trim());
  const eq = pair.indexOf('=');
  const cookie = { name: pair.slice(0, eq), value: pair.slice(eq + 1), attrs: {} };
  for (const a of attrs) {
    const i = a.indexOf('=');
    const k = (i < 0 ? a : a.slice(0, i)).toLowerCase();
    cookie.attrs[k] = i < 0 ? true : a.slice(i + 1);
  }
  return cookie;
}

/** Parses every Set-Cookie header of a response into {name, value, attrs, raw}. */
export function setCookies(headers) {
  return headers.getSetCookie().map((raw) => ({ ...parseSetCookie(raw), raw }));
}

/**
 * A browser-like client for the HTML pages: a cookie jar, no redirects
 * followed, and the csrf field of the last page it saw.
 */
export class PageClient {
  constructor(url) {
    this.url = url;
    this.cookies = new Map();
    this.csrf = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** method, path, {body (object: form-encoded; string/Buffer: raw), headers}. */
  async request(method, p, { body, headers = {} } = {}) {
    const h = {};
    if (this.cookies.size) h.cookie = this.cookieHeader();
    let payload;
    if (body !== undefined) {
      if (typeof body === 'string' || Buffer.isBuffer(body)) payload = body;
      else payload = new URLSearchParams(body).toString();
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
    Object.assign(h, headers);
    const res = await fetch(this.url + p, { method, headers: h, body: payload, redirect: 'manual' });
    const text = await res.text();
    const cookies = setCookies(res.headers);
    for (const c of cookies) {
      if (c.value === '' || c.attrs['max-age'] === '0') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const csrf = csrfFrom(text);
    if (csrf) this.csrf = csrf;
    return { status: res.status, headers: res.headers, text, cookies, location: res.headers.get('location') };
  }

  get(p, opts) { return this.request('GET', p, opts); }

  /** POSTs a form; adds the last csrf seen unless fields has csrf. */
  post(p, fields = {}, opts = {}) {
    const body = typeof fields === 'string' || Buffer.isBuffer(fields)
      ? fields
      : ('csrf' in fields ? fields : { csrf: this.csrf ?? '', ...fields });
    return this.request('POST', p, { ...opts, body });
  }

  /** Logs in through /inloggen; resolves the POST's response (303 when fine). */
  async login(username, password = PASSWORD, { next } = {}) {
    const page = await this.get('/inloggen');
    assert.equal(page.status, 200);
    const csrf = csrfFrom(page.text);
    assert.ok(csrf, 'login page has a csrf field');
    const fields = { csrf, username, password };
    if (next !== undefined) fields.next = next;
    return this.post('/inloggen', fields);
  }

  /** login + assert it worked and the session cookie is set. */
  async loginOk(username, password = PASSWORD) {
    const r = await this.login(username, password);
    assert.equal(r.status, 303, `page login ${username}: ${r.status}`);
    assert.ok(this.cookies.get('wr_session'), 'wr_session cookie set');
    const home = await this.get('/');
    // Some roles are sent on from /; follow once to pick up a csrf token.
    if (home.status === 303) await this.get(home.location);
    return r;
  }
}

/**
 * Sends raw bytes (string as latin1, or Buffer) on a fresh TCP connection to
 * 127.0.0.1:port and resolves {text, closed, timedOut, error}: everything
 * received until the server closes or timeoutMs pass (then the socket is
 * destroyed). Send "Connection: close" so the server closes after its answer.
 */
export function rawExchange(port, bytes, { timeoutMs = 5000, halfClose = false } = {}) {
  return new Promise((resolve) => {
    const chunks = [];
    let done = false;
    const sock = net.connect(port, '127.0.0.1');
    const finish = (extra) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), ...extra });
    };
    const timer = setTimeout(() => finish({ closed: false, timedOut: true }), timeoutMs);
    sock.on('connect', () => {
      sock.write(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1'));
      if (halfClose) sock.end();
    });
    sock.on('data', (d) => chunks.push(d));
    sock.on('end', () => finish({ closed: true, timedOut: false }));
    sock.on('close', () => finish({ closed: true, timedOut: false }));
    sock.on('error', (err) => finish({ closed: true, timedOut: false, error: err.code }));
  });
}

/** rawExchange, resolving just the raw response text ('' when none came). */
export async function rawRequest(port, bytes, opts) {
  return (await rawExchange(port, bytes, opts)).text;
}

/** The status code of the first response in a raw HTTP answer, or 0. */
export function rawStatus(text) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  return m ? Number(m[1]) : 0;
}

/** Asserts the server still answers a simple request. */
export async function assertAlive(url) {
  const r = await fetch(`${url}/api/v1/openapi.json`);
  assert.equal(r.status, 200, 'server still serves after the bad request');
  await r.arrayBuffer();
}
