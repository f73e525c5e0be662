// Issue ids: one per article content (so repeated or retried runs find the same issue), readable, key-safe.
import { describe, expect, it } from 'vitest';
import { ISSUE_ID_PATTERN, issueIdFor, slugify } from '../../../functions/delivery/issue-id.js';

const article = { title: 'Markets rally on rate cut', paragraphs: ['Stocks rose.', 'Bonds fell.'] };

describe('issue ids', () => {
  it('are the same for the same article, whatever its spacing or case', () => {
    const again = { title: '  markets RALLY on rate cut ', paragraphs: ['Stocks   rose.', 'Bonds\nfell.'] };

    expect(issueIdFor(again)).toBe(issueIdFor(article));
  });

  it('differ when the article differs', () => {
    expect(issueIdFor({ ...article, paragraphs: ['Stocks rose.', 'Bonds rose.'] })).not.toBe(
      issueIdFor(article),
    );
  });

  it('differ for a forced issue, one per moment it was forced', () => {
    const forced = issueIdFor(article, { forcedAt: 1_700_000_000_000 });

    expect(forced).not.toBe(issueIdFor(article));
    expect(forced.startsWith(issueIdFor(article))).toBe(true);
    expect(issueIdFor(article, { forcedAt: 1_700_000_000_001 })).not.toBe(forced);
  });

  it('are readable and safe in keys, even for hostile or empty titles', () => {
    expect(issueIdFor(article)).toMatch(/^markets-rally-on-rate-cut-[0-9a-f]{12}$/);
    for (const title of [
      '',
      '<script>alert(1)</script>',
      'ISSUE#x\r\nBcc: y',
      'Élan über café',
      '🙂'.repeat(50),
    ]) {
      expect(issueIdFor({ title, paragraphs: ['x'] })).toMatch(ISSUE_ID_PATTERN);
    }
    expect(slugify('Élan über café')).toBe('elan-uber-cafe');
    expect(slugify('a'.repeat(100)).length).toBeLessThanOrEqual(40);
  });
});
