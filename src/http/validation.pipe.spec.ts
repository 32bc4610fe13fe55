import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueryInteger } from '../common/query-integer.js';
import { createValidationPipe } from './validation.pipe.js';

class WalkQuery {
  @IsOptional()
  @IsIn(['upstream', 'downstream'])
  direction?: string;

  @IsOptional()
  @QueryInteger()
  maxDepth?: number;
}

const query = { type: 'query' as const, metatype: WalkQuery, data: '' };

describe('the global validation pipe', () => {
  afterEach(() => vi.restoreAllMocks());

  it('validates a query once: the same query again gets its own copy of the instance, converted as the first time', async () => {
    const pipe = createValidationPipe();
    const validated = vi.spyOn(ValidationPipe.prototype, 'transform');
    const first = (await pipe.transform({ direction: 'upstream', maxDepth: '5' }, query)) as WalkQuery;
    expect(first).toBeInstanceOf(WalkQuery);
    expect(first).toEqual({ direction: 'upstream', maxDepth: 5 });
    first.maxDepth = 99;
    const again = (await pipe.transform({ direction: 'upstream', maxDepth: '5' }, query)) as WalkQuery;
    expect(again).toBeInstanceOf(WalkQuery);
    expect(again).toEqual({ direction: 'upstream', maxDepth: 5 });
    expect(validated).toHaveBeenCalledTimes(1);
    // another query is validated on its own
    expect(await pipe.transform({ direction: 'downstream' }, query)).toEqual({ direction: 'downstream' });
    expect(validated).toHaveBeenCalledTimes(2);
  });

  it('refuses an invalid query every time (nothing held), and unknown parameters', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 2; i++) await expect(pipe.transform({ direction: 'sideways' }, query)).rejects.toBeInstanceOf(BadRequestException);
    await expect(pipe.transform({ direction: 'upstream', depth: '5' }, query)).rejects.toBeInstanceOf(BadRequestException);
  });

  it('holds nothing of bodies: each is validated', async () => {
    const pipe = createValidationPipe();
    const validated = vi.spyOn(ValidationPipe.prototype, 'transform');
    const body = { type: 'body' as const, metatype: WalkQuery, data: '' };
    await pipe.transform({ direction: 'upstream' }, body);
    await pipe.transform({ direction: 'upstream' }, body);
    expect(validated).toHaveBeenCalledTimes(2);
  });
});
