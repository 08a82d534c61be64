// Parses a Teams card with the official `adaptivecards` library in Node (no DOM needed to parse) and lists its problems.
// The package's lib/ build is ESM with extensionless imports that Node cannot load, so we load its self-contained UMD.
import type * as AdaptiveCardsModule from 'adaptivecards';

type AdaptiveCards = typeof AdaptiveCardsModule;
let library: AdaptiveCards | undefined;

/** Loads the library now rather than on the first Teams render (it takes ~60 ms once). */
export function loadAdaptiveCards(): AdaptiveCards {
  library ??= require('adaptivecards/dist/adaptivecards.js') as AdaptiveCards;
  return library;
}

/**
 * Every problem the official parser and validator report for `card` at target version 1.5: unknown element types,
 * invalid enum values, duplicate ids, missing required properties... Hints (ValidationEvent.Hint) are left out.
 */
export function findAdaptiveCardProblems(card: object): string[] {
  const ac = loadAdaptiveCards();
  const parsed = new ac.AdaptiveCard();
  const context = new ac.SerializationContext(ac.Versions.v1_5);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    if (event.event !== ac.ValidationEvent.Hint) problems.push(`${ac.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    if (event.event !== ac.ValidationEvent.Hint) problems.push(`${ac.ValidationEvent[event.event]}: ${event.message}`);
  }
  return problems;
}
