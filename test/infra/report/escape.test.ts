import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript, scriptSafe } from '../../../src/infra/report/escape.js';

describe('escaping', () => {
  it('escapes HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });

  it('keeps JSON valid while removing every <', () => {
    const value = { s: '</script><!-- \u2028', n: [1, 2] };
    const out = jsonForScript(value);
    expect(out).not.toContain('<');
    expect(out).not.toContain('\u2028');
    expect(JSON.parse(out)).toEqual(value);
  });

  it('breaks up a closing script tag in inline code', () => {
    expect(scriptSafe('var s = "</SCRIPT>";')).toBe('var s = "<\\/SCRIPT>";');
  });
});
