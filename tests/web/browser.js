// browser.js — a real browser for the shell tests of tests/web: Debian's chromium, headless,
// driven over the DevTools protocol by puppeteer-core (which never downloads a browser).
// Reads one JSON command a line on stdin and answers one JSON line on stdout:
//   {"cmd":"open","page":P,"url":U,"width":W,"height":H}  → {"ok":true,"status":200}
//   {"cmd":"eval","page":P,"js":EXPR}                     → {"ok":true,"value":V}
//   {"cmd":"wait","page":P,"js":EXPR,"ms":N}  polls EXPR (every 25 ms) until truthy, N ms at
//       most                                               → {"ok":true|false,"value":last}
//   {"cmd":"shot","page":P,"file":F}                      → {"ok":true}
//   {"cmd":"geo","page":P,"lat":LAT,"lon":LON}  the page's origin may read the location, and
//       the browser's location is LAT, LON               → {"ok":true}
//   {"cmd":"paint","url":U,"runs":N,"width":W,"height":H}  N loads of U, each in a fresh
//       browser context (cold cache): per load the first contentful paint and the response's
//       end (ms from navigation start, the Paint and Navigation Timing APIs of the page) and
//       the document's bytes                          → {"ok":true,"loads":[{fcp,response,bytes}]}
//   {"cmd":"close","page":P} / {"cmd":"quit"}
// CHROMIUM names the browser (default /usr/bin/chromium).
'use strict';
const puppeteer = require('puppeteer-core');
const readline = require('readline');

const pages = new Map();
let browser;

function reply(o) { process.stdout.write(JSON.stringify(o) + '\n'); }

async function run(c) {
	const page = pages.get(c.page);
	switch (c.cmd) {
	case 'open': {
		let p = page;
		if (!p) {
			p = await browser.newPage();
			pages.set(c.page, p);
			p.on('pageerror', (e) => process.stderr.write(`# page ${c.page}: ${e}\n`));
		}
		await p.setViewport({ width: c.width || 1920, height: c.height || 1080 });
		const res = await p.goto(c.url, { waitUntil: 'load', timeout: 15000 });
		return { ok: true, status: res ? res.status() : 0 };
	}
	case 'eval':
		if (!page) return { ok: false, error: `no page ${c.page}` };
		return { ok: true, value: await page.evaluate(c.js) };
	case 'wait': {
		if (!page) return { ok: false, error: `no page ${c.page}` };
		const end = Date.now() + c.ms;
		let v;
		for (;;) {
			let err = null;
			try { v = await page.evaluate(c.js); } catch (e) { v = null; err = String(e); }
			if (v) return { ok: true, value: v };
			if (Date.now() >= end) return { ok: false, value: err || v };
			await new Promise((r) => setTimeout(r, 25));
		}
	}
	case 'shot':
		if (!page) return { ok: false, error: `no page ${c.page}` };
		await page.screenshot({ path: c.file });
		return { ok: true };
	case 'paint': {
		const loads = [];
		for (let i = 0; i < (c.runs || 1); i++) {
			const ctx = await browser.createBrowserContext();
			try {
				const p = await ctx.newPage();
				await p.setViewport({ width: c.width || 1920, height: c.height || 1080 });
				await p.goto(c.url, { waitUntil: 'load', timeout: 15000 });
				// the paint entry may come a frame after load
				const m = await p.evaluate(() => new Promise((resolve) => {
					const end = Date.now() + 5000;
					(function poll() {
						const f = performance.getEntriesByName('first-contentful-paint')[0];
						const n = performance.getEntriesByType('navigation')[0];
						if (f || Date.now() > end)
							return resolve({ fcp: f ? f.startTime : null,
								response: n ? n.responseEnd : null,
								bytes: n ? n.decodedBodySize : null });
						requestAnimationFrame(poll);
					})();
				}));
				loads.push(m);
			} finally {
				await ctx.close();
			}
		}
		return { ok: true, loads };
	}
	case 'geo': {
		if (!page) return { ok: false, error: `no page ${c.page}` };
		await browser.defaultBrowserContext().overridePermissions(new URL(page.url()).origin,
			['geolocation']);
		await page.setGeolocation({ latitude: c.lat, longitude: c.lon });
		return { ok: true };
	}
	case 'close':
		if (page) await page.close();
		pages.delete(c.page);
		return { ok: true };
	case 'quit':
		await browser.close();
		reply({ ok: true });
		process.exit(0);
	}
	return { ok: false, error: `unknown command ${c.cmd}` };
}

(async () => {
	const args = ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--lang=zh-CN',
		'--font-render-hinting=none'];
	if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
	browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args,
	});
	reply({ ok: true, ready: true, version: await browser.version() });
	const rl = readline.createInterface({ input: process.stdin });
	let chain = Promise.resolve();
	rl.on('line', (line) => {
		chain = chain.then(async () => {
			let c;
			try { c = JSON.parse(line); } catch (e) { return reply({ ok: false, error: 'bad json' }); }
			try { reply(await run(c)); } catch (e) { reply({ ok: false, error: String(e) }); }
		});
	});
	rl.on('close', () => { chain.then(() => browser.close()).then(() => process.exit(0)); });
})().catch((e) => { reply({ ok: false, error: String(e) }); process.exit(1); });
