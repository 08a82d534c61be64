// Hands typed filters to the query layer: the same fields, several tag: filters meaning all of them.
import type { BackupFilters } from '../domain/filters';
import type { CommandFilters } from './types';

export function toBackupFilters(filters: CommandFilters): BackupFilters {
  const { tags, ...rest } = filters;
  if (tags === undefined || tags.length === 0) return { ...rest };
  return { ...rest, tags: tags.map((t) => ({ ...t })) };
}
