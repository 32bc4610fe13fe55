import { describe } from 'vitest';
import { describeGoldenFile } from '../../../../test/support/extraction-golden.js';

describe('insert handler', () => {
  describeGoldenFile('statements/insert.json', { statementTypes: ['insert'] });
});
