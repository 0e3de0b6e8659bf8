/** One offending input field and what is wrong with it; `field` is a dotted path ('metadata.lang'). */
export interface FieldError {
  field: string;
  message: string;
}
