// Ratios and averages are served rounded to 2 decimals (DOMAIN.md, Read models).

/** `value` to 2 decimals; never -0, which would print as 0 yet fail an equality. */
export const twoDecimals = (value: number): number => Math.round(value * 100) / 100 + 0;
