import { describe } from 'vitest';
import { describeGoldenFile } from '../../../../test/support/extraction-golden.js';

describe('select-into handler', () => {
  describeGoldenFile('statements/select-into.json', { statementTypes: ['ctas'] });
});
