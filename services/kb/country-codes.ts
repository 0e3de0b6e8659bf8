// Country-code conversions the subscriber commands and the web view need, built from the
// knowledge base's table (data/kb/countries.tsv: iso2, iso3, cameo, fips; read by
// services/loaders/country-codes.ts): GDELT writes place countries in FIPS 10-4,
// while newsflow geocodes to ISO 3166 alpha-2 and codes actors with CAMEO's 3-letter codes.

export interface CountryCodes {
  /** FIPS 10-4 code of an ISO alpha-2 code; undefined when the table has none. */
  fipsOf(iso2: string): string | undefined;
  /** CAMEO 3-letter code of an ISO alpha-2 code. */
  cameoOf(iso2: string): string | undefined;
  /** Every code naming the same country as `code` (iso2, iso3, cameo), upper-case; [code] when unknown. */
  aliasesOf(code: string): string[];
}

export interface CountryRow {
  iso2: string;
  iso3: string;
  cameo: string;
  fips?: string;
}

export function countryCodesFrom(rows: CountryRow[]): CountryCodes {
  const byIso2 = new Map<string, CountryRow>();
  const byAny = new Map<string, CountryRow>();
  for (const r of rows) {
    byIso2.set(r.iso2, r);
    for (const k of [r.iso2, r.iso3, r.cameo]) if (k && !byAny.has(k)) byAny.set(k, r);
  }
  return {
    fipsOf: (iso2) => byIso2.get(iso2.toUpperCase())?.fips || undefined,
    cameoOf: (iso2) => byIso2.get(iso2.toUpperCase())?.cameo || undefined,
    aliasesOf(code) {
      const c = code.toUpperCase();
      const r = byAny.get(c);
      return r ? [...new Set([r.iso2, r.iso3, r.cameo, c])] : [c];
    },
  };
}
