import { describe } from 'vitest';
import { describeGoldenFile } from '../../../../test/support/extraction-golden.js';

describe('merge handler', () => {
  describeGoldenFile('statements/merge.json', { statementTypes: ['merge'] });
});
