// Hands typed filters to the query layer, whose BackupFilters take one tag (several tags are typed but not yet queried).
import type { BackupFilters } from '../domain/filters';
import { UserFacingError } from '../errors';
import type { CommandFilters } from './types';

export function toBackupFilters(filters: CommandFilters): BackupFilters {
  const { tags, ...rest } = filters;
  if (tags === undefined || tags.length === 0) return { ...rest };
  if (tags.length > 1) {
    throw new UserFacingError('Only one tag: filter can be used at a time for now.', {
      hint: 'Keep the most selective one and run the command again.',
    });
  }
  return { ...rest, tag: tags[0] };
}
