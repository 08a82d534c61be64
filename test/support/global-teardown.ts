// Jest global teardown: stops the throw-away PostgreSQL that global-setup started (none if TEST_DATABASE_URL was given).
import { stopThrowawayPostgres, THROWAWAY_DIR_KEY } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const dir = (globalThis as Record<string, unknown>)[THROWAWAY_DIR_KEY];
  if (typeof dir !== 'string') return;
  stopThrowawayPostgres(dir);
  delete (globalThis as Record<string, unknown>)[THROWAWAY_DIR_KEY];
}
