import { describe, expect, it } from 'vitest';
import type { DbqlObjectRow } from './dbql.repository.js';
import { ObjectOutcomes, outcomeFromObjects, SliceOutcomes } from './usage-objects.js';

const row = (o: Partial<DbqlObjectRow>): DbqlObjectRow => ({ database_name: 'Sales', table_name: 'Orders', column_name: null, object_type: 'Tab', type_of_use: 2, ...o });

describe('outcomeFromObjects (a SELECT’s usage from DBC.DBQLObjTbl)', () => {
  it('tables from Tab rows, columns from Col rows: a condition bit makes a predicate read, none (or the sum bit) a projection', () => {
    const outcome = outcomeFromObjects([
      row({}),
      row({ object_type: 'Col', column_name: 'Amount', type_of_use: 2 }),
      row({ object_type: 'Col', column_name: 'Status', type_of_use: 4 }),
      row({ object_type: 'Col', column_name: 'Customer_ID', type_of_use: 8 | 2 }),
      row({ object_type: 'Col', column_name: 'Qty', type_of_use: 32 | 4 }),
      row({ database_name: 'Core', table_name: 'Customer', object_type: 'Col', column_name: 'Name', type_of_use: 16 }),
    ]);
    expect(outcome?.statementType).toBe('select');
    expect([...(outcome?.inTables ?? [])].sort()).toEqual(['core.customer', 'sales.orders']);
    expect((outcome?.reads ?? []).map((r) => `${r.dataset}.${r.field} ${r.use}`).sort()).toEqual([
      'core.customer.name predicate',
      'sales.orders.amount projection',
      'sales.orders.customer_id predicate',
      'sales.orders.qty predicate',
      'sales.orders.qty projection',
      'sales.orders.status predicate',
    ]);
  });

  it('is null when the rows name no table (object logging was off for the query): the caller parses it', () => {
    expect(outcomeFromObjects([])).toBeNull();
    expect(outcomeFromObjects([row({ object_type: 'DB', table_name: null })])).toBeNull();
  });
});

describe('ObjectOutcomes (one outcome per distinct set of object rows)', () => {
  it('gives queries that logged the same objects, in any order, the same outcome; other objects another', () => {
    const outcomes = new ObjectOutcomes();
    const a = [row({}), row({ object_type: 'Col', column_name: 'Amount', type_of_use: 2 })];
    const first = outcomes.outcomeOf(a);
    expect(outcomes.outcomeOf([...a].reverse())).toBe(first);
    expect(first).toEqual(outcomeFromObjects(a));
    const other = outcomes.outcomeOf([row({}), row({ object_type: 'Col', column_name: 'Amount', type_of_use: 4 })]);
    expect(other).not.toBe(first);
    expect(other?.reads).toEqual([{ dataset: 'sales.orders', field: 'amount', use: 'predicate' }]);
    expect(outcomes.outcomeOf([])).toBeNull();
  });

  it('starts over past its limit, with the same answers', () => {
    const outcomes = new ObjectOutcomes(2);
    const sets = ['a', 'b', 'c'].map((c) => [row({ object_type: 'Col', column_name: c })]);
    const firsts = sets.map((s) => outcomes.outcomeOf(s));
    expect(outcomes.outcomeOf(sets[0])).toEqual(firsts[0]);
  });
});

describe('SliceOutcomes (the SELECTs of the slices read, until the pages pass them)', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 0, minute));

  it('answers a slice’s queries until a page starts at or after its end, then forgets them; queries naming no table are left to parsing', () => {
    const known = new ObjectOutcomes();
    const slices = new SliceOutcomes();
    slices.add(at(15), new Map([['1', [row({})]], ['2', []]]), known);
    // the reader runs ahead: the next slice is read before the first one's pages are done
    slices.add(at(30), new Map([['3', [row({ object_type: 'Col', column_name: 'Amount' })]]]), known);
    slices.forgetBefore(at(14));
    expect(slices.get('1')?.inTables).toEqual(['sales.orders']);
    expect(slices.get('2')).toBeUndefined();
    expect(slices.get('3')?.reads?.map((r) => r.field)).toEqual(['amount']);
    // a page starting exactly at the first slice's end holds none of its statements
    slices.forgetBefore(at(15));
    expect(slices.get('1')).toBeUndefined();
    expect(slices.get('3')).toBeDefined();
    slices.forgetBefore(at(45));
    expect(slices.get('3')).toBeUndefined();
  });
});
