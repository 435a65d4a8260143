import { describe, expect, it } from 'vitest';
import { classifyHost, externalLinkConfirmation } from '../../../src/common/externalLink';

describe('confirming a link from the chat before it opens', () => {
  it('asks for every http(s) host, showing the full normalized URL', () => {
    for (const href of ['https://example.com/docs?q=1#x', 'http://127.0.0.1:8080/admin', 'http://localhost/', 'http://10.0.0.8/', 'http://[::1]:3000/']) {
      const confirmation = externalLinkConfirmation(href);
      expect(confirmation?.url).toBe(new URL(href).href);
      expect(confirmation?.detail.split('\n')[0]).toBe(new URL(href).href);
    }
  });

  it('never offers to open other schemes', () => {
    for (const href of ['command:workbench.action.reloadWindow', 'file:///etc/passwd', 'vscode://x', 'javascript:alert(1)', 'data:text/html,x', 'relative/path', '']) {
      expect(externalLinkConfirmation(href)).toBeUndefined();
    }
  });

  it('says when a link points to this computer, a private network or a raw IP address', () => {
    const cases: Array<[string, ReturnType<typeof classifyHost>]> = [
      ['http://localhost:5173/', 'loopback'],
      ['http://app.localhost/', 'loopback'],
      ['http://127.0.0.1/', 'loopback'],
      ['http://127.1/', 'loopback'],
      ['http://2130706433/', 'loopback'],
      ['http://0x7f.0.0.1/', 'loopback'],
      ['http://[::1]/', 'loopback'],
      ['http://[::ffff:127.0.0.1]/', 'loopback'],
      ['http://0.0.0.0:80/', 'loopback'],
      ['http://10.1.2.3/', 'private'],
      ['http://172.16.0.1/', 'private'],
      ['http://192.168.1.1/', 'private'],
      ['http://169.254.169.254/latest/meta-data', 'private'],
      ['http://[fd00::1]/', 'private'],
      ['http://[fe80::1]/', 'private'],
      ['http://8.8.8.8/', 'ip'],
      ['http://172.32.0.1/', 'ip'],
      ['http://[2001:db8::1]/', 'ip'],
      ['https://example.com/', 'name'],
    ];
    for (const [href, kind] of cases) expect([href, classifyHost(new URL(href).hostname)]).toEqual([href, kind]);
    expect(externalLinkConfirmation('http://127.0.0.1:9/')?.detail).toContain('this computer');
    expect(externalLinkConfirmation('http://192.168.0.2/')?.detail).toContain('private network');
    expect(externalLinkConfirmation('http://8.8.8.8/')?.detail).toContain('raw IP address');
    expect(externalLinkConfirmation('https://example.com/')?.detail).toBe('https://example.com/');
  });

  it('shows a look-alike host name in the form the browser will look up, and flags credentials in the URL', () => {
    const confirmation = externalLinkConfirmation('https://user:pw@exаmple.com/');
    expect(confirmation?.url).toBe('https://user:pw@xn--exmple-4nf.com/');
    expect(confirmation?.detail).toContain('non-Latin');
    expect(confirmation?.detail).toContain('user name or password');
  });
});
