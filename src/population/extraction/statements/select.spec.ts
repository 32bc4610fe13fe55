import { describe } from 'vitest';
import { describeGoldenFile } from '../../../../test/support/extraction-golden.js';

describe('select handler', () => {
  describeGoldenFile('statements/select.json', { statementTypes: ['select'] });
});
