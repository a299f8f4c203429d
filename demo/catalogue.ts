// What the demo's accounts are supplied with: enterprise network and device SKUs, with list
// prices (minor units, CNY). One SKU is scarce: only the accounts of the shortage story take it.
export interface CatalogueItem {
  readonly sku: string;
  readonly listPrice: number;
}

export const CATALOGUE: readonly CatalogueItem[] = [
  { sku: 'ROUTER-AX3000', listPrice: 89_900 },
  { sku: 'ONT-GPON-4', listPrice: 32_900 },
  { sku: 'SIM-IOT-100', listPrice: 1_500 },
  { sku: 'PHONE-P60', listPrice: 459_900 },
  { sku: 'TABLET-M11', listPrice: 259_900 },
  { sku: 'SWITCH-24G', listPrice: 129_900 },
  { sku: 'AP-WIFI6', listPrice: 69_900 },
  { sku: 'IPCAM-4K', listPrice: 49_900 },
  { sku: 'MODEM-LTE-X', listPrice: 39_900 },
  { sku: 'CPE-5G-PRO', listPrice: 199_900 },
];

/** The SKU that runs short in the shortage story. */
export const SCARCE_SKU = 'CPE-5G-PRO';

/** What regular accounts may take: everything but the scarce SKU. */
export const COMMON_SKUS: readonly string[] = CATALOGUE.map((item) => item.sku).filter(
  (sku) => sku !== SCARCE_SKU,
);

export const listPriceOf = (sku: string): number =>
  CATALOGUE.find((item) => item.sku === sku)?.listPrice ?? 100_000;
