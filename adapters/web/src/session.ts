// The API key the workbench sends, kept in sessionStorage: it lives as long as the tab and is
// never shared with other tabs or written to disk beyond the browser's session store. The day the
// read models are shown as of is kept the same way.
const KEY = 'kare.apiKey';

export const storedKey = (): string | undefined => sessionStorage.getItem(KEY) ?? undefined;

export const keepKey = (key: string): void => sessionStorage.setItem(KEY, key);

export const forgetKey = (): void => sessionStorage.removeItem(KEY);

const AS_OF = 'kare.asOf';

/** The day the read models are shown as of, for this tab (undefined: today). */
export const storedAsOf = (): string | undefined => sessionStorage.getItem(AS_OF) ?? undefined;

export const keepAsOf = (day: string | undefined): void =>
  day === undefined ? sessionStorage.removeItem(AS_OF) : sessionStorage.setItem(AS_OF, day);
