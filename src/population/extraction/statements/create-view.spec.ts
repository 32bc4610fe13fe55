import { describe } from 'vitest';
import { describeGoldenFile } from '../../../../test/support/extraction-golden.js';

describe('create-view handler', () => {
  describeGoldenFile('statements/create-view.json', { statementTypes: ['create_view'] });
});
