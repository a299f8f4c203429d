// The API key the workbench sends, kept in sessionStorage: it lives as long as the tab and is
// never shared with other tabs or written to disk beyond the browser's session store.
const KEY = 'kare.apiKey';

export const storedKey = (): string | undefined => sessionStorage.getItem(KEY) ?? undefined;

export const keepKey = (key: string): void => sessionStorage.setItem(KEY, key);

export const forgetKey = (): void => sessionStorage.removeItem(KEY);
