// Builds KqlErrors with ARG's wording and the source position of the offending token.
import { KqlError, type SourcePosition } from './api';

/** ARG's generic first line for every rejected query (the specific reason follows it). */
export const INVALID_QUERY_MESSAGE =
  'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.';

export type KqlErrorCode = KqlError['code'];

export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1, offset: end };
}

/** `detail` names the problem; when an offset is known the position is appended like ARG's "at line 1 col 10". */
export function kqlError(code: KqlErrorCode, detail: string, text?: string, offset?: number): KqlError {
  const position = text !== undefined && offset !== undefined ? positionAt(text, offset) : undefined;
  const full = position ? `${detail} at line ${position.line} col ${position.column}` : detail;
  return new KqlError(`${INVALID_QUERY_MESSAGE} ${full}`, code, position, full);
}

/** Throws from compile/run code that knows the query text (kept in one place so every error carries a position). */
export class Reporter {
  constructor(readonly text: string) {}

  semantic(detail: string, offset?: number): never {
    throw kqlError('SemanticError', detail, this.text, offset);
  }

  /** `construct` names what is refused ("the operator 'make-series'"); `hint` may say what to use instead. */
  unsupported(construct: string, offset?: number, hint?: string): never {
    const detail = `${construct} is not supported by this Resource Graph stand-in${hint ? ` (${hint})` : ''}`;
    throw kqlError('UnsupportedConstruct', detail, this.text, offset);
  }

  limit(detail: string, offset?: number): never {
    throw kqlError('LimitExceeded', detail, this.text, offset);
  }

  syntax(detail: string, offset?: number): never {
    throw kqlError('ParserFailure', detail, this.text, offset);
  }
}
