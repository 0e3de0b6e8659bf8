/**
 * The longest article text, in characters after normalisation, the pipeline takes. Ingest refuses
 * longer ones at the door (413) and extract dead-letters any that still reach it (written by
 * another producer), so one number decides both: `MAX_ARTICLE_CHARS` in the environment of each.
 */
export const MAX_ARTICLE_CHARS = 200_000;
