// What `kare help` prints.
export const USAGE = `kare — the KARE command line

Usage: kare <command> [options]

Commands:
  serve [--no-projector]        serve the HTTP API (what npm start runs)
                                  --no-projector  the API only, beside \`kare project\` workers
                                                  (needs KARE_READ_DB=postgres://…)
  project                       a projection worker without the HTTP API: the workers share the
                                projections by leases in PostgreSQL (needs KARE_READ_DB=postgres://…)
  demo [--seed N] [--accounts N] [--as-of YYYY-MM-DD] [--force | --if-empty]
                                load the demo book into an empty store
                                  --force     replace the embedded store's events first
                                  --if-empty  do nothing (exit 0) when the store has events
                                  --as-of     the day the book is current on (default: today, UTC)
  rebuild <projection|all> [--threads N]
                                rebuild read models from the log (blue/green)
                                  --threads  spread the projections over N threads (default:
                                             one per core)
  status [--json]               store head, and each projection's position, lag and state
  verify [streamId] [--anchor <root>]
                                check hash chains, and every head the anchors recorded (exit 1
                                when one is broken, truncated or dropped)
                                  --anchor  a root kept elsewhere must be among the anchors
  anchor                        anchor every stream's head now and print the store-wide root
                                (the server anchors by KARE_ANCHOR_EVERY events, default 1000,
                                and every KARE_ANCHOR_SECONDS, default 60)
  export [--category c]... [--from position] > book.ndjson
                                write events as CloudEvents, one a line (--from: after it);
                                anchors stay behind: the importing store takes its own
                                personal data shows opened (or erased), its sealed form and key
                                beside it: an import keeps the hashes, and erased stays erased
  import <book.ndjson>          append an export: same ids, revisions and hashes; checked
                                before anything is written, and again after
  erase-contact <contactId>     erase a contact's personal data (name, phone, email): its key
                                is deleted, every read shows { erased: true }, chains still verify
  help                          show this

Every command that opens the store takes --data <dir> (overrides KARE_DATA_DIR) and reads the
server's environment: KARE_DATA_DIR, KARE_EVENTSTORE_URL, KARE_READ_DB, KARE_SQLITE_SYNC …
Exit codes: 0 done, 1 failed (broken chain, bad file, unreachable store), 2 wrong usage.
`;
