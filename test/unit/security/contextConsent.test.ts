import { describe, expect, it } from 'vitest';
import { automaticContextDecision } from '../../../src/common/security/contextConsent';
import { SecretFileMatcher } from '../../../src/common/security/secretFiles';

const secrets = new SecretFileMatcher();

function inWorkspace(relative: string) {
  return { scheme: 'file', workspaceRelativePath: relative, path: `/work/project/${relative}` };
}

describe('which visible documents are attached without asking', () => {
  it('attaches ordinary files inside the workspace', () => {
    expect(automaticContextDecision(inWorkspace('src/app.ts'), secrets)).toEqual({ attach: true });
    expect(automaticContextDecision({ ...inWorkspace('src/app.ts'), scheme: 'vscode-remote' }, secrets)).toEqual({ attach: true });
  });

  it('attaches untitled documents, which are text typed in this window', () => {
    expect(automaticContextDecision({ scheme: 'untitled', workspaceRelativePath: undefined, path: 'Untitled-1' }, secrets)).toEqual({ attach: true });
  });

  it('holds back files that look secret, and says what they look like', () => {
    for (const path of ['.env', 'api/.env.local', 'deploy/server.pem', 'keys/id_ed25519', '.npmrc']) {
      const decision = automaticContextDecision(inWorkspace(path), secrets);
      expect(decision, path).toMatchObject({ attach: false, why: 'secret', label: 'not sent — looks secret' });
    }
    const env = automaticContextDecision(inWorkspace('.env'), secrets);
    expect(env.attach === false && env.reason).toMatch(/^Not sent automatically: it looks like an environment file/);
  });

  it('holds back any file outside the workspace folders', () => {
    const decision = automaticContextDecision({ scheme: 'file', workspaceRelativePath: undefined, path: '/home/dev/notes/todo.md' }, secrets);
    expect(decision).toMatchObject({ attach: false, why: 'outside-workspace', label: 'not sent — outside the workspace' });
  });

  it('names the secret reason for a secret file outside the workspace', () => {
    const decision = automaticContextDecision({ scheme: 'file', workspaceRelativePath: undefined, path: '/home/dev/.aws/credentials' }, secrets);
    expect(decision).toMatchObject({ attach: false, why: 'secret' });
    expect(decision.attach === false && decision.reason).toMatch(/credentials file/);
  });

  it('follows the secretFiles setting, including exemptions', () => {
    const custom = new SecretFileMatcher({ extraPatterns: ['config/local.json'], exemptPatterns: ['.env.example'] });
    expect(automaticContextDecision(inWorkspace('config/local.json'), custom).attach).toBe(false);
    expect(automaticContextDecision(inWorkspace('.env.example'), custom).attach).toBe(true);
  });
});
