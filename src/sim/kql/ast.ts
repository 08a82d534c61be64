// The syntax tree the parser produces and the compiler consumes; every node keeps its source offset for errors.
import type { KqlType } from './api';

export type Expr =
  | { kind: 'literal'; type: KqlType; value: unknown; pos: number }
  | { kind: 'name'; name: string; pos: number }
  | { kind: 'member'; target: Expr; name: string; pos: number }
  | { kind: 'index'; target: Expr; index: Expr; pos: number }
  | { kind: 'call'; name: string; args: Expr[]; pos: number }
  | { kind: 'star'; pos: number }
  | { kind: 'unary'; op: '-' | '+'; operand: Expr; pos: number }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; pos: number }
  | { kind: 'in'; op: string; left: Expr; items: Expr[]; pos: number }
  | { kind: 'between'; negated: boolean; left: Expr; low: Expr; high: Expr; pos: number }
  | { kind: 'dynamic'; value: unknown; pos: number };

/** `name = expr` or a bare `expr` (named by KQL's rules later). */
export interface Assignment {
  name?: string;
  expr: Expr;
  pos: number;
}

export interface SortKey {
  expr: Expr;
  desc: boolean;
  nullsFirst: boolean;
}

export interface JoinCondition {
  left: string;
  right: string;
  pos: number;
}

export interface MvExpandItem {
  name?: string;
  expr: Expr;
  toType?: KqlType;
  pos: number;
}

export type Operator =
  | { kind: 'where'; predicate: Expr; pos: number }
  | { kind: 'extend'; items: Assignment[]; pos: number }
  | { kind: 'project'; items: Assignment[]; pos: number }
  | { kind: 'project-away'; columns: NamePattern[]; pos: number }
  | { kind: 'project-rename'; renames: { to: string; from: string; pos: number }[]; pos: number }
  | { kind: 'summarize'; aggregates: Assignment[]; by: Assignment[]; pos: number }
  | { kind: 'join'; joinKind: string; right: Tabular; on: JoinCondition[]; pos: number }
  | ({ kind: 'union'; legs: Tabular[]; pos: number } & UnionOptions)
  | { kind: 'sort'; keys: SortKey[]; pos: number }
  | { kind: 'top'; count: Expr; keys: SortKey[]; pos: number }
  | { kind: 'take'; count: Expr; pos: number }
  | { kind: 'distinct'; items: Assignment[]; pos: number }
  | { kind: 'count'; pos: number }
  | {
      kind: 'mv-expand';
      bagAsArray: boolean;
      indexColumn?: string;
      items: MvExpandItem[];
      limit?: Expr;
      /** Written `mvexpand`, the legacy spelling (ARG caps its RowLimit lower). */
      legacy?: boolean;
      pos: number;
    }
  | { kind: 'serialize'; items: Assignment[]; pos: number }
  | { kind: 'parse'; regex: boolean; flags: string; source: Expr; parts: ParsePart[]; pos: number };

/** `union` options: `kind=inner` keeps only the columns every leg has; `withsource=Col` names each row's leg. */
export interface UnionOptions {
  inner: boolean;
  withsource?: string;
}

/** One element of a `parse … with` pattern: `*`, a text (a regex with kind=regex), or a column to extract. */
export type ParsePart =
  | { kind: 'star' }
  | { kind: 'text'; text: string }
  | { kind: 'column'; name: string; type: KqlType; pos: number };

/** A column name, or a wildcard such as `prop*` (project-away accepts both). */
export interface NamePattern {
  pattern: string;
  pos: number;
}

export type TabularSource =
  | { kind: 'table'; name: string; pos: number }
  | ({ kind: 'union'; legs: Tabular[]; pos: number } & UnionOptions)
  | { kind: 'subquery'; query: Tabular; pos: number };

export interface Tabular {
  source: TabularSource;
  operators: Operator[];
  pos: number;
}

export interface LetStatement {
  name: string;
  expr: Expr;
  pos: number;
}

export interface Query {
  lets: LetStatement[];
  body: Tabular;
}
