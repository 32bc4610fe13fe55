import { describe } from 'vitest';
import { describeGoldenFile } from '../../../../test/support/extraction-golden.js';

describe('update handler', () => {
  describeGoldenFile('statements/update.json', { statementTypes: ['update'] });
});
