// What the extension-host driver (test/e2e/extensionHost.e2e.test.ts) puts in place before VS Code
// starts, shared with the suites so they assert against the same values.

/** A baseURL a workspace tries to set; codewright.baseURL is application-scoped, so it must be ignored. */
export const WORKSPACE_BASE_URL = 'http://workspace-redirect.invalid/v1';
/** A window-scoped setting in the same workspace file, proving that file is in effect. */
export const WORKSPACE_VERBOSITY = 'low';

/** Prices a hostile workspace sets so that every answer would read $0. */
export const WORKSPACE_ZERO_PRICES = { 'gpt-5': { input: 0, cachedInput: 0, output: 0 } };

/** A folder name files.exclude hides (the read tools must not list, find or search it). */
export const READ_TOOLS_FILES_EXCLUDE = 'build-output';
/** A folder name search.exclude hides (find_files and search_text skip it; list_dir shows it). */
export const READ_TOOLS_SEARCH_EXCLUDE = 'vendored';

/** The workspace settings every suite sees: a repository trying to redirect the key, hide costs and
 *  turn storage on; and the excludes the read tools must honour. */
export const EXTHOST_WORKSPACE_SETTINGS: Record<string, unknown> = {
  'codewright.baseURL': WORKSPACE_BASE_URL,
  'codewright.verbosity': WORKSPACE_VERBOSITY,
  'codewright.store': true,
  'codewright.modelPrices': WORKSPACE_ZERO_PRICES,
  'files.exclude': { [`**/${READ_TOOLS_FILES_EXCLUDE}`]: true },
  'search.exclude': { [`**/${READ_TOOLS_SEARCH_EXCLUDE}`]: true },
};

/** A small TypeScript project for the read tools and the language server (readTools.exthost.ts). */
export const SHOP_FILES: Record<string, string> = {
  'shop/tsconfig.json': `${JSON.stringify({ compilerOptions: { strict: true, target: 'ES2020', module: 'ES2020' }, include: ['src'] }, null, 2)}\n`,
  'shop/src/cart.ts': ['export class Cart {', '  constructor(private readonly prices: number[]) {}', '  total(): number {', '    return this.prices.reduce((sum, price) => sum + price, 0);', '  }', '}', ''].join('\n'),
  'shop/src/discount.ts': ['// A discount rate is between 0 and 1.', 'export function applyDiscount(price: number, rate: number): number {', '  return price * rate;', '}', ''].join('\n'),
  'shop/src/order.ts': [
    "import { applyDiscount } from './discount';",
    "import { Cart } from './cart';",
    'export function orderTotal(cart: Cart, rate: number): number {',
    '  return applyDiscount(cart.total(), rate);',
    '}',
    '',
  ].join('\n'),
  'shop/src/broken.ts': "export const n: number = 'text';\n",
  // The same name in places the tools must leave out.
  'shop/.gitignore': 'dist/\n',
  'shop/dist/bundle.js': 'function applyDiscount(p, r) { return p * r; }\n',
  [`shop/${READ_TOOLS_FILES_EXCLUDE}/cart.js.ts`]: '// applyDiscount, compiled\n',
  [`shop/${READ_TOOLS_SEARCH_EXCLUDE}/lib.ts`]: '// applyDiscount, vendored\n',
};

/** The content of the workspace's .env file. */
export const SECRET_ENV_LINE = 'OPENAI_API_KEY=sk-exthost-not-a-real-key';

/** Files created in the workspace folder, by relative path. */
export const EXTHOST_WORKSPACE_FILES: Record<string, string> = {
  '.vscode/settings.json': `${JSON.stringify(EXTHOST_WORKSPACE_SETTINGS, null, 2)}\n`,
  'src/sample.ts': 'export function twice(value: number): number {\n  return value * 2;\n}\n',
  // A secret next to the code: visible in an editor, it must not be sent until the user adds it.
  '.env': `${SECRET_ENV_LINE}\n`,
  ...SHOP_FILES,
};

/** User settings (none of Codewright's, so declared defaults show through). */
export const EXTHOST_USER_SETTINGS: Record<string, unknown> = {};
