// The answers a webhook's verdict turns into, worded as kube-apiserver 1.26 words them:
//   a denial:         `admission webhook "<name>" denied the request: <status.message>` with the webhook's
//                     code (below 400 becomes 400), reason and details;
//   a failed call:    500 `Internal error occurred: failed calling webhook "<name>": <reason>` (failurePolicy Fail);
//   anything else:    500 `Internal error occurred: <why>` (an unusable patch: failurePolicy does not apply).
import { ApiError, type StatusCause, type StatusDetails } from '../errors.js';
import type { AdmissionResult } from './review.js';

export function webhookDenial(name: string, result: AdmissionResult['result']): ApiError {
  const deniedBy = `admission webhook ${JSON.stringify(name)} denied the request`;
  const r = result ?? {};
  const code = typeof r.code === 'number' && r.code >= 400 ? r.code : 400;
  const message = r.message ? `${deniedBy}: ${r.message}` : r.reason ? `${deniedBy}: ${r.reason}` : `${deniedBy} without explanation`;
  return new ApiError(code, typeof r.reason === 'string' ? r.reason : '', message, r.details as StatusDetails | undefined);
}

export function webhookCallFailed(name: string, reason: string): ApiError {
  return internalError(`failed calling webhook ${JSON.stringify(name)}: ${reason}`);
}

/** apierrors.NewInternalError: the cause is the whole error text. */
export function internalError(text: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${text}`, { causes: [{ message: text } as StatusCause] });
}
