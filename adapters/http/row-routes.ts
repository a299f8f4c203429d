// Read models with a route to one row (`/read-models/<name>/{key}`), and the name of the row's
// key in that route. A report of the same name wins: `/read-models/tier-status/matrix` is the
// report, never the account `matrix` (an account of that id is read by filtering on accountId).
export const ROW_ROUTES: Readonly<Record<string, string>> = { 'tier-status': 'accountId' };
