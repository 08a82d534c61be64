// The Resource Graph request as ARG validates it: api-version, body shape, scope and paging options.
import { ArmError } from './http-util';

/** 2024-04-01 is what @azure/arm-resourcegraph 5.0.0 sends; older ones are still served by Azure. */
export const ARG_API_VERSIONS = [
  '2024-04-01',
  '2022-10-01',
  '2021-06-01-preview',
  '2021-03-01',
  '2020-04-01-preview',
  '2019-04-01',
];
/** Default page size when $top is absent (current work-with-data doc: 1000; older docs said 100). */
const DEFAULT_TOP = 1000;

export interface QueryBody {
  query: string;
  subscriptions?: string[];
  managementGroups?: string[];
  top: number;
  skip: number;
  skipToken?: string;
  format: 'objectArray' | 'table';
}

export function checkApiVersion(apiVersion: string | null): void {
  if (!apiVersion) {
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  if (!ARG_API_VERSIONS.includes(apiVersion)) {
    // Wording modelled on ARM's answer for an unknown api-version (exact text unverified).
    throw new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location 'global' and API version '${apiVersion}' for type 'resources'. The supported api-versions are '${ARG_API_VERSIONS.join(', ')}'.`,
    );
  }
}

export function readQueryBody(raw: unknown): QueryBody {
  if (!raw || typeof raw !== 'object')
    throw badRequest('InvalidRequestContent', 'The request body must be a JSON object.');
  const b = raw as Record<string, unknown>;
  if (typeof b.query !== 'string' || b.query.trim() === '')
    throw badRequest('MissingQuery', "The 'query' property is required.");
  const subscriptions = stringList(b.subscriptions, 'subscriptions');
  const managementGroups = stringList(b.managementGroups, 'managementGroups');
  if (subscriptions?.length && managementGroups?.length) {
    throw badRequest('InvalidScope', "Only one of 'subscriptions' and 'managementGroups' may be specified.");
  }
  const o = (b.options ?? {}) as Record<string, unknown>;
  const top = o.$top ?? DEFAULT_TOP;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > 1000) {
    throw badRequest('InvalidTopValue', "The '$top' option must be an integer between 1 and 1000.");
  }
  const skip = o.$skip ?? 0;
  if (typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0) {
    throw badRequest('InvalidSkipValue', "The '$skip' option must be a non-negative integer.");
  }
  const format = o.resultFormat ?? 'objectArray';
  if (format !== 'objectArray' && format !== 'table') {
    throw badRequest('InvalidResultFormat', "The 'resultFormat' option must be 'table' or 'objectArray'.");
  }
  const skipToken = typeof o.$skipToken === 'string' && o.$skipToken !== '' ? o.$skipToken : undefined;
  const body: QueryBody = { query: b.query, top, skip, format };
  if (subscriptions?.length) body.subscriptions = subscriptions;
  if (managementGroups?.length) body.managementGroups = managementGroups;
  if (skipToken !== undefined) body.skipToken = skipToken;
  return body;
}

function stringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw badRequest('InvalidRequestContent', `'${name}' must be an array of strings.`);
  }
  return value as string[];
}

export function badRequest(code: string, message: string): ArmError {
  return new ArmError(400, 'BadRequest', message, [{ code, message }]);
}
