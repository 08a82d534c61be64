// The handler contract: each verb's handler turns its Command into a view model for the renderer.
// Views are defined elsewhere, so the view model type is a parameter here.
import type { Caller } from '../caller';
import type { Command, CommandOf, Verb } from './types';

/** What every handler gets besides its command; composition adds ports (backup data, store, clock…). */
export interface CommandContext {
  caller: Caller;
  /** The request's "now", passed in so views and tests never read the clock themselves. */
  now: Date;
}

export type CommandHandler<
  C extends Command = Command,
  ViewModel = unknown,
  Ctx extends CommandContext = CommandContext,
> = (command: C, ctx: Ctx) => Promise<ViewModel>;

/** One handler per verb, each typed for its own command. */
export type CommandHandlers<ViewModel, Ctx extends CommandContext = CommandContext> = {
  [V in Verb]: CommandHandler<CommandOf<V>, ViewModel, Ctx>;
};

/** Runs the handler of `command.verb` (authorize first: see authorize()). */
export function dispatchCommand<ViewModel, Ctx extends CommandContext>(
  handlers: CommandHandlers<ViewModel, Ctx>,
  command: Command,
  ctx: Ctx,
): Promise<ViewModel> {
  const handler = handlers[command.verb] as CommandHandler<Command, ViewModel, Ctx>;
  return handler(command, ctx);
}
