import { describe, expect, it } from 'vitest';
import { emptyWriteCounts } from '../ol-store/ol-store.types.js';
import { emptyCounts } from './population.types.js';
import { RunProgress, runMessage } from './run-progress.js';

describe('runMessage', () => {
  it('puts the view definitions beside the skip reasons, and says nothing of views none were read', () => {
    const skips = new Map([['select-only', 10], ['no-lineage', 2]]);
    expect(runMessage(skips, { read: 0, parsed: 0, failed: 0 })).toBe('skipped: select-only 10, no-lineage 2');
    expect(runMessage(skips, { read: 5, parsed: 4, failed: 1 })).toBe('skipped: select-only 10, no-lineage 2; view definitions: 5 read, 4 parsed, 1 failed');
    expect(runMessage(new Map(), { read: 3, parsed: 3, failed: 0 })).toBe('view definitions: 3 read, 3 parsed, 0 failed');
  });
});

describe('RunProgress', () => {
  it('adds a batch’s view counts once it commits, not before', () => {
    const progress = new RunProgress({ since: null, until: null });
    const tally = { statements: emptyCounts(), skips: new Map(), failureCodes: new Map([['EXTRACTION_PARSE_ERROR', 1]]), position: null, distinct: 0, views: { read: 3, parsed: 2, failed: 1 } };
    expect(progress.after(tally, emptyWriteCounts()).views).toEqual({ read: 3, parsed: 2, failed: 1 });
    expect(progress.views).toEqual({ read: 0, parsed: 0, failed: 0 });
    progress.publish(tally, emptyWriteCounts());
    progress.publish(tally, emptyWriteCounts());
    expect(progress.views).toEqual({ read: 6, parsed: 4, failed: 2 });
    expect(progress.message()).toBe('view definitions: 6 read, 4 parsed, 2 failed');
  });
});
