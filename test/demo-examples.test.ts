// The demo's help examples name things its estate has: `vault <name>`, `item <name>` and the sub:, rg: and
// location: filters of every example answer with something found, not "no such vault" (over the stand-in, as the demo
// runs). Names with spaces are quoted so that the example still parses.
import { connectAzure } from '../src/compose-azure';
import { loadConfig } from '../src/config';
import { toBackupFilters } from '../src/core/commands/filters';
import { describeHelp, localizeExample } from '../src/core/commands/help';
import { parseCommand } from '../src/core/commands/parse';
import { demoExampleNames } from '../src/demo-examples';
import { generateEstate } from '../src/sim/estate';
import { captureLog } from './support/capture-log';

jest.setTimeout(60_000);

const NOW = new Date('2026-03-02T12:00:00Z');

test('every help example of the demo finds what it names in the demo estate', async () => {
  const config = loadConfig({ DATA_DIR: '/tmp/unused' });
  const azure = await connectAzure(config, captureLog({ level: 'warn' }).log, {
    now: () => NOW,
    estate: generateEstate({ seed: 1, scale: 'small', now: NOW }),
    arg: { cacheTtlMs: 0 },
  });
  try {
    const names = await demoExampleNames(azure.backupData);
    if (names === undefined) throw new Error('the demo estate has no example item');
    expect((await azure.backupData.vault(names.vault)).value.kind).toBe('found');
    expect((await azure.backupData.item(names.item)).value.kind).toBe('found');
    const help = describeHelp(undefined, names);
    if (help.kind !== 'overview') throw new Error('expected the overview');
    const texts = help.commands.flatMap((c) => c.examples.map((e) => e.text));
    expect(texts).toContain(`vault ${names.vault.includes(' ') ? `"${names.vault}"` : names.vault}`);
    for (const text of texts) {
      const parsed = parseCommand(text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok || !('filters' in parsed.command)) continue;
      // The filters resolve: a sub: name the bot can see, an rg: and a location: that select rows.
      const filters = toBackupFilters(parsed.command.filters);
      if (filters.subscription || filters.resourceGroup || filters.location) {
        const answer = await azure.backupData.instances(filters, { limit: 1 });
        expect({ text, total: answer.value.counts.total > 0 }).toEqual({ text, total: true });
      }
    }
    expect(localizeExample('summary sub:Production', { ...names, subscription: 'Contoso Prod' })).toBe(
      'summary sub:"Contoso Prod"',
    );
  } finally {
    await azure.close();
  }
});
