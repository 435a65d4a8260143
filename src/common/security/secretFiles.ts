// The ONE list of files that look like they hold secrets, and the matcher every guard uses: context
// gathering (such files are not attached without the user's click), the read tools (they ask before
// reading one) and the edit guard (writing one needs confirmation). Keep it here and nowhere else.
//
// Judged by name only, never by content: the name is known before a byte is read, and a guard that
// had to read the file to decide would already have read it.

import { foldCase } from './caseFold';
import { compileGlob, type CompiledGlob } from './glob';

export interface SecretFileRule {
  /** A glob (see glob.ts): without `/` it matches a file name at any depth. */
  readonly pattern: string;
  /** What such a file is, to tell the user why it was held back ("a private key"). */
  readonly reason: string;
  /** Files the pattern matches that are nevertheless not secret (a glob of the same kind). */
  readonly except?: string;
}

const ENV = 'an environment file (often API keys and passwords)';
const KEY = 'a private key or certificate store';
const SSH = 'an SSH key';
const TOKEN = 'a credentials file (tokens or passwords)';
const STATE = 'a file that usually contains secrets';

/**
 * Built-in secret-looking files. Deliberate choices:
 * - `.env*` and `*.env` cover `.env`, `.env.local`, `.envrc`, `prod.env`; a folder named `.env` (a
 *   Python virtualenv) is not a file name, so the code inside it is not caught.
 * - SSH keys are `id_` followed by a name without an extension (`id_rsa`, `id_ed25519`, `id_work`), or a
 *   key type with any suffix but `.pub` (`id_rsa.bak`); so `id_card.ts` and `id_rsa.pub` are not secret.
 * - Credentials files are matched by their conventional names and data formats, never by code
 *   extensions: `credentials.json` is caught, `credentials.ts` (code that handles credentials) is not.
 * - Public certificates (`*.crt`, `*.cer`, `*.pub`) are not secret.
 */
export const BUILT_IN_SECRET_FILES: readonly SecretFileRule[] = [
  { pattern: '.env*', reason: ENV },
  { pattern: '*.env', reason: ENV },
  { pattern: '*.{pem,key,p12,pfx,p8,ppk,jks,keystore,kdbx,keychain,keychain-db}', reason: KEY },
  { pattern: 'id_?*', except: 'id_*.*', reason: SSH },
  { pattern: 'id_{rsa,dsa,ecdsa,ed25519,ecdsa_sk,ed25519_sk,xmss}*.*', except: '*.pub', reason: SSH },
  { pattern: '**/.ssh/**', reason: 'a file from an .ssh folder (keys and hosts)' },
  { pattern: '**/.gnupg/**', reason: 'a file from a .gnupg folder (private keys)' },
  { pattern: '{.npmrc,.yarnrc.yml,.pypirc,.netrc,_netrc,.git-credentials,.pgpass,.my.cnf,.htpasswd}', reason: TOKEN },
  { pattern: '{.dockercfg,.vault-token,.boto,.s3cfg,kubeconfig,auth.json}', reason: TOKEN },
  { pattern: '**/{.docker/config.json,.kube/config,.gem/credentials}', reason: TOKEN },
  { pattern: '**/.aws/{credentials,config}', reason: TOKEN },
  { pattern: '**/.cargo/credentials{,.toml}', reason: TOKEN },
  { pattern: '**/.config/gh/hosts.yml', reason: TOKEN },
  { pattern: '**/.config/gcloud/**', reason: TOKEN },
  { pattern: '**/.azure/**', reason: TOKEN },
  { pattern: 'credentials', reason: TOKEN },
  { pattern: '*credentials.{json,toml,yml,yaml,xml,ini,csv,db}', reason: TOKEN },
  { pattern: '{client_secret,service-account,service_account}*.json', reason: TOKEN },
  { pattern: '{secrets,secret}.{json,yml,yaml,toml}', reason: STATE },
  { pattern: '*.{tfvars,tfstate}', reason: STATE },
  { pattern: '*.tfstate.backup', reason: STATE },
];

export interface SecretFileMatch {
  /** The pattern that matched (a built-in one or one from the setting). */
  readonly pattern: string;
  readonly reason: string;
}

export interface SecretFileOptions {
  /** Extra globs (e.g. from `codewright.secretFiles`) that also count as secret. */
  readonly extraPatterns?: readonly string[];
  /** Globs of files that are NOT secret even if a rule matches (e.g. `.env.example`). */
  readonly exemptPatterns?: readonly string[];
}

interface CompiledRule extends SecretFileRule {
  readonly glob: CompiledGlob;
  readonly exceptGlob?: CompiledGlob;
}

function compile(rules: readonly SecretFileRule[]): CompiledRule[] {
  return rules
    .filter((rule) => rule.pattern.trim() !== '')
    .map((rule) => ({ ...rule, glob: compileGlob(rule.pattern), exceptGlob: rule.except ? compileGlob(rule.except) : undefined }));
}

function matches(rule: CompiledRule, path: string): boolean {
  return rule.glob.testFolded(path) && !(rule.exceptGlob?.testFolded(path) ?? false);
}

/** The path in the form the rules test: `/` separators, no leading `./`, case-folded. */
export function comparableSecretPath(path: string): string {
  return foldCase(path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/\/{2,}/g, '/'));
}

export class SecretFileMatcher {
  private readonly rules: readonly CompiledRule[];
  private readonly exemptions: readonly CompiledRule[];

  constructor(options: SecretFileOptions = {}) {
    const extra = (options.extraPatterns ?? []).map((pattern) => ({ pattern, reason: 'a file your codewright.secretFiles setting lists' }));
    this.rules = compile([...BUILT_IN_SECRET_FILES, ...extra]);
    this.exemptions = compile((options.exemptPatterns ?? []).map((pattern) => ({ pattern, reason: '' })));
  }

  /**
   * Whether `path` looks like a secret, and why. `path` is relative to its workspace folder (patterns
   * with `/` are anchored there); an absolute path is fine too (name rules and `**` rules still apply).
   */
  match(path: string): SecretFileMatch | undefined {
    const comparable = comparableSecretPath(path);
    if (comparable === '' || comparable.endsWith('/')) return undefined;
    // A Windows absolute path (`c:/users/…`) is tested without its drive so `**` rules apply.
    const tested = comparable.replace(/^[a-z]:\//, '/').replace(/^\/+/, '');
    const rule = this.rules.find((candidate) => matches(candidate, tested));
    if (!rule) return undefined;
    if (this.exemptions.some((exemption) => matches(exemption, tested))) return undefined;
    return { pattern: rule.pattern, reason: rule.reason };
  }

  isSecret(path: string): boolean {
    return this.match(path) !== undefined;
  }
}

/**
 * Splits the `codewright.secretFiles` setting: plain globs add secret files, globs starting with `!`
 * exempt files from the built-in list (e.g. `!.env.example`). Blank and non-string entries are ignored.
 */
export function parseSecretFilesSetting(entries: readonly unknown[]): SecretFileOptions {
  const extraPatterns: string[] = [];
  const exemptPatterns: string[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'string') continue;
    const trimmed = entry.trim();
    if (trimmed.startsWith('!')) {
      if (trimmed.slice(1).trim() !== '') exemptPatterns.push(trimmed.slice(1).trim());
    } else if (trimmed !== '') {
      extraPatterns.push(trimmed);
    }
  }
  return { extraPatterns, exemptPatterns };
}
