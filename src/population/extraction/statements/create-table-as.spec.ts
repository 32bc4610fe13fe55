import { describe } from 'vitest';
import { describeGoldenFile } from '../../../../test/support/extraction-golden.js';

describe('create-table-as handler', () => {
  describeGoldenFile('statements/create-table-as.json', { statementTypes: ['ctas'] });
});
