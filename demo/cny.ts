// The book's money: integer minor units of CNY, the policy's currency.
export const cny = (amount: number) => ({ amount, currency: 'CNY' });
