// The "Authentication" section of each reference page: how to authenticate in this vendor's style, followed by
// Redoc's rendering of the spec's security schemes (the ReDoc-Inject tag places it).
import type { VendorProfile } from './profiles.ts';

const SECURITY_DEFINITIONS = '<!-- ReDoc-Inject: <security-definitions> -->';

const TEXT: Record<VendorProfile['auth'], string> = {
  zstack: `ZStack authenticates with a **session**. Log in with \`LogInByAccount\`
(\`PUT /v1/accounts/login\`, body \`{"logInByAccount": {"accountName": ..., "password": ...}}\`, where ZStack's
own clients send the SHA-512 hex digest of the password) and send \`Authorization: OAuth <session uuid>\`
on every other call. A session lasts 7200 s by default; an expired or unknown session is HTTP 503 with
error code \`ID.1001\` (ZStack never answers 401). \`RenewSession\` extends one, \`LogOut\` ends it.

With \`@backup-specs/client\`, pass \`auth: { sessionUuid }\` for an existing session, or
\`auth: { accountName, password }\` (the plain password; the client hashes it, logs in on the first call and
once more when the session expires). Environment variables used throughout these docs:
\`ZSTACK_SESSION_UUID\`, or \`ZSTACK_ACCOUNT_NAME\` and \`ZSTACK_PASSWORD\`.`,
  huawei: `Huawei Cloud accepts either of two credentials on every request:

- an **IAM token** (the \`X-Subject-Token\` that IAM returns) in the \`X-Auth-Token\` header; or
- an **AK/SK signature** (\`SDK-HMAC-SHA256\`): the request is signed with the secret key, the signature sent
  in \`Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=..., Signature=...\` with the time in
  \`X-Sdk-Date\` (accepted for about 15 minutes); temporary credentials add \`X-Security-Token\`.

A missing or bad credential is HTTP 401 (\`APIGW.0301\`). With \`@backup-specs/client\`, pass
\`auth: { token }\` or \`auth: { ak, sk, securityToken? }\`: the client signs each request (again on each
retry). Environment variables, as the vendor's SDKs name them: \`HUAWEICLOUD_SDK_AK\`, \`HUAWEICLOUD_SDK_SK\`,
\`HUAWEICLOUD_SDK_SECURITY_TOKEN\`, \`HUAWEICLOUD_SDK_PROJECT_ID\` (and \`HUAWEICLOUD_TOKEN\` for a token).`,
  none: `The samples send no credentials: this API's registry entry (\`x-backup-specs.auth\` in redocly.yaml) names
no auth style. What the server asks for, if anything, is in the security schemes below.`,
};

/** The spec's description with an Authentication section appended (replacing any bare inject tag). */
export function withAuthenticationSection(description: string | undefined, auth: VendorProfile['auth']): string {
  const base = (description ?? '').replace(SECURITY_DEFINITIONS, '').trimEnd();
  return `${base}\n\n## Authentication\n\n${TEXT[auth]}\n\n${SECURITY_DEFINITIONS}\n`;
}
