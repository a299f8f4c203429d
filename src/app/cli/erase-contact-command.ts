// `kare erase-contact <contactId>`: erases a contact's personal data (name, phone, email) on
// request, as `POST /contacts/{contactId}/erase` does: its key is deleted for good, every read
// path shows the fields as erased, and the hash chains still verify. A second run says so.
import { DATA_OPTION, noMorePositionals, parseCommand } from './arguments.js';
import { CliError, UsageError } from './cli-errors.js';
import { configFor, withEngine } from './cli-engine.js';
import { say, type CliIo } from './cli-io.js';

export const eraseContactCommand = async (args: readonly string[], io: CliIo): Promise<number> => {
  const { values, positionals } = parseCommand('erase-contact', args, DATA_OPTION);
  const contactId = positionals[0];
  if (contactId === undefined) throw new UsageError('kare erase-contact: name the contact to erase');
  noMorePositionals('erase-contact', positionals, 1);
  const config = configFor(io, values.data);
  return withEngine(io, config, {}, async (engine) => {
    const erasure = await engine.personalData.erase(contactId);
    if (erasure.outcome === 'unknown')
      throw new CliError(
        `kare erase-contact: no contact ${contactId} has personal data in ${engine.storeDescription}`,
      );
    say(
      io.stdout,
      erasure.outcome === 'erased'
        ? `Erased the personal data of contact ${contactId} (its key is deleted); the history still verifies.`
        : `Contact ${contactId} was erased already, at ${erasure.erasedAt}.`,
    );
    return 0;
  });
};
