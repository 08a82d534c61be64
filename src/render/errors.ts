// Why a view could not be rendered. RenderLimitError means "too much content: page or truncate in the view model"
// (fitItems catches it); TemplateError means the template or the model is wrong (a bug: paging will not help).

export type Platform = 'teams' | 'slack';

export class RenderError extends Error {
  override name = 'RenderError';
  readonly view: string;
  readonly platform: Platform;
  /** Where in the rendered JSON, e.g. `blocks[3].text.text`; empty for the whole message. */
  readonly path: string;
  constructor(view: string, platform: Platform, path: string, message: string) {
    super(`${platform} view "${view}"${path ? ` at ${path}` : ''}: ${message}`);
    this.view = view;
    this.platform = platform;
    this.path = path;
  }
}

/** A platform limit was exceeded; `actual` and `max` are in the limit's own unit (bytes, chars, blocks, elements). */
export class RenderLimitError extends RenderError {
  override name = 'RenderLimitError';
  readonly limit: string;
  readonly actual: number;
  readonly max: number;
  constructor(args: {
    view: string;
    platform: Platform;
    path: string;
    limit: string;
    actual: number;
    max: number;
    unit: string;
  }) {
    super(
      args.view,
      args.platform,
      args.path,
      `${args.limit} is ${args.actual.toLocaleString('en-US')} ${args.unit}; ` +
        `the limit is ${args.max.toLocaleString('en-US')} (page or truncate in the view model)`,
    );
    this.limit = args.limit;
    this.actual = args.actual;
    this.max = args.max;
  }
}

/** The template is missing or malformed, an expression did not resolve, or the result is not a valid card. */
export class TemplateError extends RenderError {
  override name = 'TemplateError';
}
