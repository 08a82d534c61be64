// When a page of a list would overflow its platform (Azure texts at their longest, every job its own error code), the
// renderer drops detail step by step, never rows: the page keeps every job that paging promised it.
import type { JobsViewModel } from '../core/view-models/jobs';
import type { ViewName } from './render-view';

type Step = (model: object) => object;

/** Lines the failed-jobs overview keeps once detail has to go (the biggest codes). */
const SHORT_OVERVIEW = 5;

/**
 * Each step takes the model the previous step produced; the order is what a reader misses least first: what to do
 * about the second and later error codes of the page (their code buttons above show it), the smaller codes of the
 * overview, the rows' portal links, then the inline query (an Action.ShowCard that can run to several KB).
 */
const JOBS_STEPS: Step[] = [
  (m) => {
    const model = m as JobsViewModel;
    let first = true;
    const entries = model.entries.map((e) => {
      const group = e.group[0];
      if (group === undefined || group.advice.length === 0) return e;
      if (first) {
        first = false;
        return e;
      }
      return { ...e, group: [{ ...group, advice: [] }] };
    });
    return { ...model, entries };
  },
  (m) => {
    const model = m as JobsViewModel;
    if (model.overview.length <= SHORT_OVERVIEW) return model;
    const rest = model.overview.length - SHORT_OVERVIEW;
    return {
      ...model,
      overview: model.overview.slice(0, SHORT_OVERVIEW),
      overviewMore: [`… and ${rest} more ${rest === 1 ? 'code' : 'codes'}: see the list below`],
    };
  },
  (m) => {
    const model = m as JobsViewModel;
    return { ...model, entries: model.entries.map((e) => ({ ...e, job: e.job.map((j) => ({ ...j, links: [] })) })) };
  },
  (m) => ({ ...(m as JobsViewModel), query: [] }),
];

/** The shrink steps of `view`, in order; none for views whose content is bounded by construction. */
export function shrinkSteps(view: ViewName | string): readonly Step[] {
  return view === 'jobs' ? JOBS_STEPS : [];
}
