// Card-limit checks shared by the view tests: whether a model renders within every limit without dropping detail, and
// paging a view through the conversation core on the huge estate.
import type { Caller } from '../../../../src/core/caller';
import type { ConversationCore } from '../../../../src/core/conversation-port';
import { RenderLimitError } from '../../../../src/render/errors';
import { renderView, type ViewName } from '../../../../src/render/render-view';

/** Whether `model` renders as designed: within every limit without dropping any detail. */
export function rendersAsDesigned(view: ViewName, model: object, platform: 'teams' | 'slack'): boolean {
  try {
    return renderView(view, model, platform).shrunk === 0;
  } catch (err) {
    if (err instanceof RenderLimitError) return false;
    throw err;
  }
}

/**
 * Types `text`, then follows Next › twice: each of the three pages is `view`, its totals contain `totals`, and it
 * renders with nothing shrunk.
 */
export async function expectPagesWithinLimits(
  core: ConversationCore,
  caller: Caller,
  text: string,
  expected: { view: ViewName; totals: string },
): Promise<void> {
  const platform = caller.platform === 'slack' ? 'slack' : 'teams';
  let reply = await core.handleText(text, caller);
  for (let page = 1; page <= 3; page++) {
    expect(reply.view).toBe(expected.view);
    const model = reply.model as { totals: string; buttons: { label: string; payload: string }[] };
    expect(model.totals).toContain(expected.totals);
    expect(renderView(expected.view, reply.model, platform).shrunk).toBe(0);
    const next = model.buttons.find((b) => b.label === 'Next ›');
    expect(next).toBeDefined();
    reply = await core.handleAction(JSON.parse(next?.payload ?? '{}'), caller);
  }
}
