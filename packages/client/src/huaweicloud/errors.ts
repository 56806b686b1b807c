// Huawei Cloud answers errors in two shapes: the common flat one `{error_code, error_msg, request_id?}`
// (CBR and the API gateway) and a nested one `{error: {code, message}}` (VBS). Both become a
// HuaweiApiError with the same `code` / `errorMessage` / `requestId` fields.
import { ApiError, isApiError } from '../core/errors.js';

export interface HuaweiErrorFields {
  code?: string | undefined;
  errorMessage?: string | undefined;
  requestId?: string | undefined;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Reads either Huawei error shape; fields the body lacks are undefined. */
export function parseHuaweiErrorBody(body: unknown): HuaweiErrorFields {
  if (typeof body !== 'object' || body === null) return {};
  const flat = body as Record<string, unknown>;
  const nested = typeof flat.error === 'object' && flat.error !== null ? (flat.error as Record<string, unknown>) : {};
  return {
    code: str(flat.error_code) ?? str(nested.code),
    errorMessage: str(flat.error_msg) ?? str(nested.message),
    requestId: str(flat.request_id) ?? str(nested.request_id),
  };
}

export interface HuaweiApiErrorInit {
  status: number;
  body?: unknown;
  /** The X-Request-Id response header; the body's `request_id` wins when both exist. */
  requestIdHeader?: string | null | undefined;
  request?: Pick<Request, 'method' | 'url'> | undefined;
  /** The reply's headers (Retry-After, X-Request-Id, ...). */
  headers?: Headers | undefined;
}

/** A non-2xx reply from a Huawei Cloud API (CBR, VBS or the API gateway in front of them). */
export class HuaweiApiError extends ApiError {
  override name = 'HuaweiApiError';
  /** The vendor's own message (`error_msg` or `error.message`), unchanged; `message` adds code, status and endpoint. */
  readonly errorMessage: string | undefined;

  constructor(init: HuaweiApiErrorInit) {
    const fields = parseHuaweiErrorBody(init.body);
    const requestId = fields.requestId ?? (init.requestIdHeader || undefined);
    const summary =
      fields.code || fields.errorMessage
        ? `Huawei Cloud error ${[fields.code, fields.errorMessage].filter(Boolean).join(': ')}`
        : 'Huawei Cloud request failed';
    super(requestId ? `${summary} [request ${requestId}]` : summary, {
      status: init.status,
      vendor: 'huaweicloud',
      code: fields.code,
      requestId,
      request: init.request,
      body: init.body,
      headers: init.headers,
    });
    this.errorMessage = fields.errorMessage;
  }

  /** 401/403, or an API gateway code for a bad token, signature or permission (`APIGW.0301`, `0101`, `0302`). */
  override get credentialsRejected(): boolean {
    return !this.clockSkew && (super.credentialsRejected || /^APIGW\.0(301|101|302)$/.test(this.code ?? ''));
  }

  /** The gateway refused the signature's time (`APIGW.0303`, or an expired signature: `X-Sdk-Date` ~15 min off). */
  override get clockSkew(): boolean {
    return this.code === 'APIGW.0303' || /signature.*expired|x-sdk-date/i.test(this.errorMessage ?? '');
  }
}

/** True for the error the clients return or throw for a Huawei reply, from any copy of this package (CJS or ESM). */
export const isHuaweiApiError = (value: unknown): value is HuaweiApiError =>
  isApiError(value) && value.vendor === 'huaweicloud';
