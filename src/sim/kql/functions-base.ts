// Types and argument checks shared by the scalar function tables.
import type { KqlType } from './api';
import type { Expr } from './ast';
import type { Reporter } from './errors';
import type { Compiled } from './values';

export interface CallContext {
  report: Reporter;
  pos: number;
  name: string;
  nowMs: number;
  argExprs: Expr[];
  /** Whether the rows the expression is computed over are serialized (row_number() needs it). */
  serialized: boolean;
}

export interface FunctionDef {
  min: number;
  max: number;
  impl: (args: Compiled[], call: CallContext) => Compiled;
}

export type FunctionTable = Record<string, FunctionDef>;

/** Fails the compile unless argument `index` has one of the allowed types (dynamic is always let through). */
export function expectArg(call: CallContext, args: Compiled[], index: number, allowed: KqlType[]): void {
  const t = args[index]?.type;
  if (t === undefined || t === 'dynamic' || allowed.includes(t)) return;
  call.report.semantic(
    `argument ${index + 1} of '${call.name}' must be of type ${allowed.join(' or ')}, not ${t}`,
    call.argExprs[index]?.pos ?? call.pos,
  );
}

/** The value of an argument that must be a compile-time constant (a regex, a format, a unit name). */
export function constantArg(call: CallContext, args: Compiled[], index: number, what: string): unknown {
  const a = args[index];
  if (!a?.constant) return call.report.unsupported(`'${call.name}' with a ${what} that is not a constant`, call.pos);
  return a.value;
}
