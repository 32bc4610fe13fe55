import { describe } from 'vitest';
import { describeGoldenFile } from '../../../../test/support/extraction-golden.js';

describe('delete handler', () => {
  describeGoldenFile('statements/delete.json', { statementTypes: ['delete'] });
});
