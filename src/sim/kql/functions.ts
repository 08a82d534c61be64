// The scalar function registry: each function checks its argument types at compile time and returns a closure.
import { type AggregateSpec, BASIC_AGGREGATES } from './aggregates';
import { PICK_AGGREGATES } from './aggregates-pick';
import type { FunctionDef } from './functions-base';
import { CONVERT_FUNCTIONS } from './functions-convert';
import { DATETIME_FUNCTIONS } from './functions-datetime';
import { DYNAMIC_FUNCTIONS } from './functions-dynamic';
import { LOGIC_FUNCTIONS } from './functions-logic';
import { REWRITE_FUNCTIONS } from './functions-rewrite';
import { STRING_FUNCTIONS } from './functions-string';

export const FUNCTIONS = new Map<string, FunctionDef>(
  Object.entries({
    ...CONVERT_FUNCTIONS,
    ...STRING_FUNCTIONS,
    ...DATETIME_FUNCTIONS,
    ...LOGIC_FUNCTIONS,
    ...DYNAMIC_FUNCTIONS,
    ...REWRITE_FUNCTIONS,
  }),
);

export const AGGREGATES = new Map<string, AggregateSpec>(Object.entries({ ...BASIC_AGGREGATES, ...PICK_AGGREGATES }));

export const AGGREGATE_NAMES = new Set(AGGREGATES.keys());
