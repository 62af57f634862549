// Helpers for the browser tests (tests/browser/[0-9]*.test.mjs, run by ctest
// with `node --test`): a real werkroute server on loopback with a demo region,
// Debian's Chromium driven by playwright-core, and axe-core for WCAG 2.1 AA.
//
// Environment (ctest sets the first two):
//   WERKROUTE_BIN   the werkroute binary (required)
//   WERKROUTE_DATA  the reference data directory (optional: the binary has a
//                   default)
//   CHROMIUM        the browser (default /usr/bin/chromium); never downloaded
//
// Typical use:
//   const dir = await tempDir();
//   const server = await startServer({ dbPath: path.join(dir.path, 'w.db') });
//   const browser = await launchBrowser();
//   const page = await newPage(browser);
//   await page.goto(server.url + '/inloggen');
//   await checkA11y(page);
//   ...
//   await browser.close(); await server.stop(); await dir.cleanup();
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { AxeBuilder } from '@axe-core/playwright';
import { chromium } from 'playwright-core';

import { cloneTemplate, demoTemplate } from '../api/demo_template.mjs';

/** Password of the admin made by `init` and of every demo user. */
export const ADMIN_PASSWORD = 'beheer-wachtwoord-2026';
export const DEMO_PASSWORD = 'demo-wachtwoord-2026';

const READY = /^werkroute: listening on (http:\/\/\S+)\s*$/;
const KEEP_LOG = 64 * 1024; // bytes of a server's stderr kept for error messages

function bin() {
  const b = process.env.WERKROUTE_BIN;
  if (!b) throw new Error('WERKROUTE_BIN is not set: run the browser tests through ctest, or set it to the werkroute binary');
  return b;
}

function dataArgs() {
  return process.env.WERKROUTE_DATA ? ['--data', process.env.WERKROUTE_DATA] : [];
}

/**
 * The database for the store under test (WERKROUTE_TEST_STORE): the SQLite
 * file dbPath, or a fresh database named after it on the throwaway
 * PostgreSQL cluster of WERKROUTE_TEST_PG_URL.
 */
export function databaseUrl(dbPath) {
  if ((process.env.WERKROUTE_TEST_STORE || 'sqlite') !== 'postgresql') return `sqlite:${dbPath}`;
  const base = process.env.WERKROUTE_TEST_PG_URL;
  assert.ok(base, 'WERKROUTE_TEST_STORE=postgresql needs WERKROUTE_TEST_PG_URL (run the tests with make test)');
  const name = `wr_browser_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  return `${base.replace(/\/[^/]*$/, '')}/${name}`;
}

function tail(text, max = KEEP_LOG) {
  return text.length > max ? text.slice(text.length - max) : text;
}

/**
 * Runs `werkroute ARGS...` to completion. Resolves {stdout, stderr}; rejects
 * with both in the message when it exits non-zero, dies of a signal or takes
 * longer than timeoutMs.
 */
export function runWerkroute(args, { env = {}, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin(), args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s) => { stdout = tail(stdout + s); });
    child.stderr.setEncoding('utf8').on('data', (s) => { stderr = tail(stderr + s); });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`werkroute ${args[0]} took longer than ${timeoutMs} ms\n--- stderr ---\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${bin()}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ stdout, stderr });
      reject(new Error(`werkroute ${args.join(' ')} failed (${signal ? 'signal ' + signal : 'exit ' + code})\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`));
    });
  });
}

/**
 * Creates a SQLite database at dbPath with `init` (admin password from
 * WERKROUTE_ADMIN_PASSWORD) and, unless demo is false, fills it with the demo
 * region (every demo user gets `password`); then starts `serve` on a free
 * loopback port and waits for its "listening on" line.
 *
 * Returns {url, process, log(), stop()}: url has no trailing slash; log()
 * gives the server's stderr so far; stop() sends SIGTERM, waits for the exit
 * (SIGKILL after stopTimeoutMs) and resolves {code, signal}. A server still
 * running when the test process exits is killed.
 */
export async function startServer({
  dbPath,
  password = DEMO_PASSWORD,
  adminPassword = ADMIN_PASSWORD,
  demo = true,
  serveArgs = [],
  env = {},
  readyTimeoutMs = 30_000,
  stopTimeoutMs = 10_000,
} = {}) {
  assert.ok(dbPath, 'startServer needs {dbPath}');
  const db = databaseUrl(dbPath);
  const initDemo = async (url) => {
    await runWerkroute(['init', '--db', url], { env: { ...env, WERKROUTE_ADMIN_PASSWORD: adminPassword } });
    if (demo) await runWerkroute(['demo', '--db', url, '--password', password, ...dataArgs()], { env });
  };
  // The demo region of this run, copied (tests/api/demo_template.mjs), when
  // this test wants the usual one.
  const usual = demo && password === DEMO_PASSWORD && adminPassword === ADMIN_PASSWORD &&
    Object.keys(env).length === 0;
  const tmpl = usual && await demoTemplate({
    bin: bin(),
    store: process.env.WERKROUTE_TEST_STORE || 'sqlite',
    flavour: 'browser',
    makeUrl: (name) => databaseUrl(path.join(process.env.WERKROUTE_TEST_TEMPLATE_DIR, `${name}.db`)),
    build: initDemo,
  });
  if (tmpl) await cloneTemplate(tmpl, db);
  else await initDemo(db);

  const child = spawn(bin(), ['serve', '--db', db, '--listen', '127.0.0.1:0', ...dataArgs(), ...serveArgs], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s) => { stderr = tail(stderr + s); });
  const exited = new Promise((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  let url;
  try {
    url = await new Promise((resolve, reject) => {
      let buffered = '';
      const timer = setTimeout(() => {
        reject(new Error(`werkroute serve did not say "listening on" within ${readyTimeoutMs} ms`));
      }, readyTimeoutMs);
      child.on('error', (err) => { clearTimeout(timer); reject(new Error(`cannot run ${bin()}: ${err.message}`)); });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`werkroute serve exited before it was ready (${signal ? 'signal ' + signal : 'exit ' + code})`));
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
            // Keep draining stdout so the server never blocks on a full pipe.
            child.stdout.off('data', onData);
            child.stdout.resume();
            return resolve(m[1].replace(/\/+$/, ''));
          }
        }
        buffered = tail(buffered, 4096);
      };
      child.stdout.on('data', onData);
    });
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    process.off('exit', killOnExit);
    err.message += `\n--- server stderr ---\n${stderr}`;
    throw err;
  }

  let stopping = null;
  return {
    url,
    process: child,
    log: () => stderr,
    stop() {
      if (stopping) return stopping;
      stopping = (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
        const result = await exited;
        clearTimeout(timer);
        process.off('exit', killOnExit);
        return result;
      })();
      return stopping;
    },
  };
}

/** Chromium flags for this machine: no sandbox as root, no network of its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Starts Debian's Chromium (never a downloaded one) through playwright-core. */
export function launchBrowser(options = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    ...options,
  });
}

/**
 * Opens a page in a fresh browser context (its own cookies). Use this rather
 * than browser.newPage(): axe refuses pages made that way. options go to
 * browser.newContext, e.g. {javaScriptEnabled: false} to check that a page
 * works without JavaScript, or {viewport: {width: 390, height: 844}}.
 * Closing the page's context: await page.context().close().
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext(options);
  return context.newPage();
}

/**
 * Logs in through the login form of templates/login.html and waits until the
 * page the server answers with (after any redirect) has loaded. Resolves that
 * page's URL: still /inloggen when the login failed.
 */
export async function login(page, baseUrl, username, password = DEMO_PASSWORD) {
  await page.goto(`${baseUrl}/inloggen`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  // A redirect does not commit a document, so this fires for the final page.
  const committed = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
  await page.click('form[action="/inloggen"] button[type="submit"]');
  await committed;
  await page.waitForLoadState('load');
  return page.url();
}

function formatViolations(violations, where) {
  const lines = [`axe: ${violations.length} violation(s) on ${where}`];
  for (const v of violations) {
    lines.push(`- [${v.impact ?? 'unknown'}] ${v.id}: ${v.help}`);
    lines.push(`  ${v.helpUrl}`);
    for (const n of v.nodes) {
      lines.push(`  at ${n.target.join(' ')}`);
      lines.push(`     ${n.html.replace(/\s+/g, ' ').slice(0, 200)}`);
      if (n.failureSummary) {
        for (const s of n.failureSummary.split('\n')) lines.push(`     ${s.trim()}`);
      }
    }
  }
  return lines.join('\n');
}

/**
 * Runs axe-core on the page with the WCAG 2.0/2.1 A and AA rules and fails
 * (assert) when any violation is serious or critical; every violation found
 * is printed readably. Resolves all violations, so a test may be stricter.
 * options.include / options.exclude take CSS selectors; options.disableRules
 * rule ids (say why in the test when you use it). The page must come from
 * newPage() (a browser context), not browser.newPage().
 */
export async function checkA11y(page, { include, exclude, disableRules } = {}) {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  if (exclude) builder = builder.exclude(exclude);
  if (disableRules) builder = builder.disableRules(disableRules);
  const result = await builder.analyze();
  const violations = result.violations;
  if (violations.length) console.log(formatViolations(violations, page.url()));
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.equal(blocking.length, 0, formatViolations(blocking, page.url()));
  return violations;
}

/**
 * Makes a private temporary directory. Resolves {path, cleanup()}; cleanup
 * removes it with everything in it and may be called more than once. With a
 * node:test context as t, cleanup is also registered with t.after.
 */
export async function tempDir({ prefix = 'werkroute-test-', t } = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  if (t) t.after(cleanup);
  return { path: dir, cleanup };
}

/** Runs fn(dirPath) with a fresh temporary directory, removed afterwards. */
export async function withTempDir(fn, prefix) {
  const dir = await tempDir({ prefix });
  try {
    return await fn(dir.path);
  } finally {
    await dir.cleanup();
  }
}
