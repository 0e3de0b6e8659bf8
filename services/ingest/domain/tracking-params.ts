// Query parameters that identify a campaign or a click, never the document. Removed from canonical
// URLs so that the same article shared through two campaigns gets one id.
const TRACKING_PARAM_PREFIXES: readonly string[] = ['utm_', 'hsa_', 'pk_', 'mtm_', 'oly_'];

const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'igshid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  'mkt_tok',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'vero_id',
  'vero_conv',
  's_cid',
  'wickedid',
  'ocid',
  'cmpid',
  'ncid',
  'ref_src',
  'ref_url',
  'rss',
  'at_medium',
  'at_campaign',
  'guccounter',
  'guce_referrer',
  'guce_referrer_sig',
  'spm',
  'share',
  'smid',
]);

export function isTrackingParam(name: string): boolean {
  const key = name.toLowerCase();
  return TRACKING_PARAMS.has(key) || TRACKING_PARAM_PREFIXES.some((p) => key.startsWith(p));
}
