// The store's identity on EventStoreDB: one small marker stream, `kare:store`, holding an id
// KARE makes the first time it is asked. Written with `no_stream`, so of two racing first
// writers exactly one wins and both read the winner's id. Checkpoints record this id: a
// position another store issued (a read-model database moved to a new cluster, a book imported
// elsewhere) is recognised instead of being resumed from. A backup restored keeps its id, and
// its positions too.

export const STORE_STREAM = 'kare:store';
export const STORE_IDENTIFIED = 'KareStoreIdentified';

export const identityData = (storeId: string): { readonly storeId: string } => ({ storeId });

export const identityOf = (data: unknown): string | undefined => {
  const { storeId } = (data ?? {}) as { storeId?: unknown };
  return typeof storeId === 'string' && storeId !== '' ? storeId : undefined;
};
