// Refuses JSON nested deeper than kube-apiserver's decoder accepts (10,000 levels) before parsing it,
// so a hostile body cannot overflow the stack later (serialising, validating, patching).
import { badRequest } from '../errors.js';

export const MAX_JSON_DEPTH = 10_000;

/** Throws 400 BadRequest when `text` nests objects/arrays deeper than `max`. One pass, strings skipped. */
export function checkJsonDepth(text: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) throw badRequest(`the body of the request could not be decoded: exceeded max depth of ${max} nested objects and arrays`);
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
}
