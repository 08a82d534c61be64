// fitItems pages a long list: the largest leading slice whose card passes every limit, on both platforms.
import path from 'node:path';
import { RenderLimitError, TemplateError } from '../../src/render/errors';
import { fitItems } from '../../src/render/fit-items';
import { TEAMS_LIMITS } from '../../src/render/limits';
import { createRenderer } from '../../src/render/render-view';

// A list view shaped like the jobs view: one row per item with a button, a footer and a "next page" button.
const renderer = createRenderer<string>(path.join(__dirname, 'fixtures/cards'));

interface Row {
  icon: string;
  name: string;
  detail: string;
  when: string;
  payload: string;
}

const rows: Row[] = Array.from({ length: 500 }, (_, i) => ({
  icon: '❌',
  name: `vm-app-${i}-prod`,
  detail: `Failed · UserErrorVmNotFound · rsv-prod-weu-${i % 7}`,
  when: 'Mon 10:02 UTC',
  payload: JSON.stringify({ v: 1, c: `item vm-app-${i}-prod` }),
}));

function pageModel(slice: readonly Row[], total: number) {
  return {
    title: 'Failed jobs (24 h)',
    rows: slice,
    footer: `Showing 1–${slice.length} of ${total} · 10:02 UTC`,
    buttons: slice.length < total ? [{ label: 'Next page', payload: '{"v":1,"c":"jobs failed","p":2}' }] : [],
  };
}

describe.each(['teams', 'slack'] as const)('%s', (platform) => {
  const render = (slice: readonly Row[]) => renderer.renderView('rows', pageModel(slice, rows.length), platform);

  test('500 rows do not fit; fitItems finds the largest page that does, and one more row would not', () => {
    expect(() => render(rows)).toThrow(RenderLimitError);
    const { rendered, count } = fitItems(rows, render);
    expect(count).toBeGreaterThan(10);
    expect(count).toBeLessThan(rows.length);
    expect(() => render(rows.slice(0, count + 1))).toThrow(RenderLimitError);
    if (rendered.platform === 'teams') expect(rendered.bytes).toBeLessThanOrEqual(TEAMS_LIMITS.maxCardBytes);
    else expect(rendered.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(rendered)).toContain(`Showing 1–${count} of 500`);
    expect(JSON.stringify(rendered)).toContain('Next page');
  });

  test('a list that fits is rendered whole, in one attempt', () => {
    let attempts = 0;
    const few = rows.slice(0, 5);
    const { count } = fitItems(few, (slice) => {
      attempts++;
      return renderer.renderView('rows', pageModel(slice, few.length), platform);
    });
    expect({ count, attempts }).toEqual({ count: 5, attempts: 1 });
  });
});

test('when not even `min` items fit, the overflow of `min` items is thrown', () => {
  const huge = rows.map((row) => ({ ...row, detail: 'x'.repeat(2_900) }));
  const render = (slice: readonly Row[]) => renderer.renderView('rows', pageModel(slice, huge.length), 'slack');
  expect(() => fitItems(huge, render, { min: 4 })).toThrow(/total text of all blocks/);
  expect(fitItems(huge, render, { min: 1 }).count).toBe(3);
});

test('a TemplateError (a bug, not an overflow) propagates at once', () => {
  let attempts = 0;
  const render = () => {
    attempts++;
    throw new TemplateError('rows', 'slack', '', 'broken');
  };
  expect(() => fitItems(rows, render)).toThrow(TemplateError);
  expect(attempts).toBe(1);
});

test('the search assumes only monotony: a synthetic budget of 137 items is found exactly', () => {
  const items = Array.from({ length: 1_000 }, (_, i) => i);
  let attempts = 0;
  const result = fitItems(items, (slice) => {
    attempts++;
    if (slice.length > 137) {
      throw new RenderLimitError({
        view: 'v',
        platform: 'teams',
        path: '',
        limit: 'x',
        actual: slice.length * 7,
        max: 959,
        unit: 'u',
      });
    }
    return slice.length;
  });
  expect(result).toEqual({ rendered: 137, count: 137 });
  expect(attempts).toBeLessThanOrEqual(12);
});
