// Links in terminal output open only when they are web pages.
import { describe, expect, it } from 'vitest';
import { isWebLink } from '../../shared/links.js';

describe('isWebLink (terminal links)', () => {
  it('opens http and https links', () => {
    expect(isWebLink('https://containertoolbx.org/')).toBe(true);
    expect(isWebLink('http://localhost:8080/path?q=1')).toBe(true);
  });

  it('refuses every other scheme and anything that is not a URL', () => {
    for (const uri of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<b>x</b>',
      'ssh://host',
      'vscode://x',
      'toolshed://open/x',
      'not a url',
      '',
    ]) {
      expect(isWebLink(uri), uri).toBe(false);
    }
  });
});
