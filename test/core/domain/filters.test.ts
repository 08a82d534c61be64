// Filter validation: windows beyond ARG's 14 days are refused with what to do; values are trimmed and normalised.

import { parseSince, validateFilters } from '../../../src/core/domain/filters';
import { UserFacingError } from '../../../src/core/errors';

describe('parseSince', () => {
  it.each([
    ['24h', '24h'],
    ['1d', '24h'],
    ['7d', '7d'],
    ['168h', '7d'],
    [' 14D ', '14d'],
  ])('%s → %s', (text, since) => expect(parseSince(text)).toBe(since));

  it('refuses windows ARG cannot answer, pointing at Backup Reports', () => {
    const err = (() => {
      try {
        parseSince('30d');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UserFacingError);
    expect((err as UserFacingError).message).toMatch(/14 days/);
    expect((err as UserFacingError).hint).toMatch(/Log Analytics/);
  });

  it.each(['3d', 'yesterday', '-1d', ''])('refuses %j with the supported values', (text) => {
    expect(() => parseSince(text)).toThrow(UserFacingError);
  });
});

describe('validateFilters', () => {
  it('trims values and normalises the display form of a region', () => {
    expect(
      validateFilters({
        resourceGroup: ' rg-app ',
        location: 'West Europe',
        vault: 'v',
        tags: [{ key: ' Env', value: 'prod ' }],
      }),
    ).toEqual({
      resourceGroup: 'rg-app',
      location: 'westeurope',
      vault: 'v',
      tags: [{ key: 'Env', value: 'prod' }],
    });
  });

  it('refuses empty, overlong and control-character values, and unknown workloads', () => {
    expect(() => validateFilters({ resourceGroup: '  ' })).toThrow(/rg filter is empty/);
    expect(() => validateFilters({ vault: 'x'.repeat(300) })).toThrow(/too long/);
    expect(() => validateFilters({ vault: 'a\nb' })).toThrow(/control characters/);
    expect(() => validateFilters({ workload: 'cosmos' as never })).toThrow(/not a workload/);
  });

  it('a tag with an empty value means "has the tag"', () => {
    expect(validateFilters({ tags: [{ key: 'env', value: '' }] })).toEqual({ tags: [{ key: 'env', value: '' }] });
  });
});
