// Public surface of the KQL engine (the Resource Graph stand-in's query evaluator).
export type {
  Column,
  DeferredRunOptions,
  EvaluatedQuery,
  KqlType,
  QueryResult,
  RunOptions,
  SourcePosition,
  TableSource,
} from './api';
export { KqlError } from './api';
export type { Query } from './ast';
export { MAX_JOINS, MAX_MV_EXPANDS, MAX_UNION_LEGS } from './compile-tabular';
export { INVALID_QUERY_MESSAGE } from './errors';
export { MV_EXPAND_DEFAULT_LIMIT, MV_EXPAND_MAX_LIMIT } from './op-mv-expand';
export { parseQuery, runQuery } from './run';
