import { describe } from 'vitest';
import { describeGoldenFile } from '../../../../test/support/extraction-golden.js';

describe('ddl handler', () => {
  describeGoldenFile('statements/ddl.json', { statementTypes: ['ddl', 'other'] });
});
