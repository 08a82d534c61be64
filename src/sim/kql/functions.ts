// The scalar function registry: each function checks its argument types at compile time and returns a closure.
import { AGGREGATES } from './aggregates';
import type { FunctionDef } from './functions-base';
import { CONVERT_FUNCTIONS } from './functions-convert';
import { DATETIME_FUNCTIONS } from './functions-datetime';
import { DYNAMIC_FUNCTIONS } from './functions-dynamic';
import { LOGIC_FUNCTIONS } from './functions-logic';
import { STRING_FUNCTIONS } from './functions-string';

export const FUNCTIONS = new Map<string, FunctionDef>(
  Object.entries({
    ...CONVERT_FUNCTIONS,
    ...STRING_FUNCTIONS,
    ...DATETIME_FUNCTIONS,
    ...LOGIC_FUNCTIONS,
    ...DYNAMIC_FUNCTIONS,
  }),
);

export const AGGREGATE_NAMES = new Set(Object.keys(AGGREGATES));
