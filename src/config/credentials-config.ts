import { z } from 'zod';
import { ConfigError, optionalString, type EnvOf } from './env-fields.js';

/**
 * Where Alibaba Cloud credentials come from, in the order of @alicloud/credentials' default chain:
 * an AccessKey (with an STS token when temporary), RRSA (an ACK pod's OIDC token exchanged with
 * STS AssumeRoleWithOIDC), or the ECS instance's RAM role (instance metadata). Only the first
 * is long-lived; the other two are refreshed before they expire.
 */
export const credentialsEnv = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: optionalString,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: optionalString,
  ALIBABA_CLOUD_SECURITY_TOKEN: optionalString,
  ALIBABA_CLOUD_ROLE_ARN: optionalString,
  ALIBABA_CLOUD_OIDC_PROVIDER_ARN: optionalString,
  ALIBABA_CLOUD_OIDC_TOKEN_FILE: optionalString,
  ALIBABA_CLOUD_ROLE_SESSION_NAME: z
    .string()
    .regex(/^[\w.@-]{2,64}$/, 'must be 2-64 letters, digits, and . @ - _')
    .default('gpubot'),
  ALIBABA_CLOUD_STS_REGION: optionalString,
  ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: z.enum(['true', 'false']).default('false'),
  /** The STS endpoint as https://host[:port] (a gateway, a fake); the library speaks https only. */
  GPUBOT_STS_ENDPOINT: z
    .string()
    .regex(/^https:\/\/[^\s/]+\/?$/, 'must be https://<host>[:port] (the credentials library calls STS over https only)')
    .optional(),
  /** The ECS instance's RAM role name; set to use the role without asking the metadata service for it. */
  ALIBABA_CLOUD_ECS_METADATA: optionalString,
  ALIBABA_CLOUD_IMDSV1_DISABLED: z.enum(['true', 'false']).default('false'),
};

export type CredentialsSource = 'access-key' | 'oidc-role-arn' | 'ecs-ram-role';

export type CloudCredentialsConfig =
  | {
      readonly source: 'access-key';
      readonly accessKeyId: string;
      readonly accessKeySecret: string;
      /** Present when the AccessKey is an STS one; it is not refreshed (it cannot be). */
      readonly securityToken?: string;
    }
  | {
      readonly source: 'oidc-role-arn';
      readonly roleArn: string;
      readonly oidcProviderArn: string;
      /** Re-read at every refresh: the kubelet rotates the projected service account token. */
      readonly oidcTokenFile: string;
      readonly roleSessionName: string;
      /** host[:port] of STS, as @alicloud/credentials takes it. */
      readonly stsEndpoint: string;
    }
  | {
      readonly source: 'ecs-ram-role';
      /** Absent: asked from the instance metadata service. */
      readonly roleName?: string;
      readonly imdsV1Disabled: boolean;
    };

const RRSA = ['ALIBABA_CLOUD_ROLE_ARN', 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN', 'ALIBABA_CLOUD_OIDC_TOKEN_FILE'] as const;

function stsEndpoint(e: EnvOf<typeof credentialsEnv>): string {
  if (e.GPUBOT_STS_ENDPOINT) return new URL(e.GPUBOT_STS_ENDPOINT).host;
  if (!e.ALIBABA_CLOUD_STS_REGION) return 'sts.aliyuncs.com';
  const vpc = e.ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED === 'true' ? '-vpc' : '';
  return `sts${vpc}.${e.ALIBABA_CLOUD_STS_REGION}.aliyuncs.com`;
}

/**
 * The configured credentials, or undefined when none are (then the built-in emulator is used
 * unless GPUBOT_CLOUD=alibaba asks for the instance's RAM role).
 */
export function credentialsConfig(
  e: EnvOf<typeof credentialsEnv>,
  options: { cloudRequested: boolean },
): CloudCredentialsConfig | undefined {
  const id = e.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const secret = e.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (Boolean(id) !== Boolean(secret)) {
    throw new ConfigError(
      `${id ? 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' : 'ALIBABA_CLOUD_ACCESS_KEY_ID'} is missing: an AccessKey needs both its id and its secret`,
    );
  }
  if (id && secret) {
    return {
      source: 'access-key',
      accessKeyId: id,
      accessKeySecret: secret,
      ...(e.ALIBABA_CLOUD_SECURITY_TOKEN ? { securityToken: e.ALIBABA_CLOUD_SECURITY_TOKEN } : {}),
    };
  }
  if (e.ALIBABA_CLOUD_SECURITY_TOKEN) {
    throw new ConfigError(
      'ALIBABA_CLOUD_SECURITY_TOKEN is set without ALIBABA_CLOUD_ACCESS_KEY_ID and _SECRET (the STS AccessKey it belongs to)',
    );
  }
  const rrsaSet = RRSA.filter((name) => e[name]);
  if (rrsaSet.length > 0 && rrsaSet.length < RRSA.length) {
    const missing = RRSA.filter((name) => !e[name]);
    throw new ConfigError(`RRSA needs ${RRSA.join(', ')}; ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing`);
  }
  if (rrsaSet.length === RRSA.length) {
    return {
      source: 'oidc-role-arn',
      roleArn: e.ALIBABA_CLOUD_ROLE_ARN as string,
      oidcProviderArn: e.ALIBABA_CLOUD_OIDC_PROVIDER_ARN as string,
      oidcTokenFile: e.ALIBABA_CLOUD_OIDC_TOKEN_FILE as string,
      roleSessionName: e.ALIBABA_CLOUD_ROLE_SESSION_NAME,
      stsEndpoint: stsEndpoint(e),
    };
  }
  if (e.ALIBABA_CLOUD_ECS_METADATA || options.cloudRequested) {
    return {
      source: 'ecs-ram-role',
      ...(e.ALIBABA_CLOUD_ECS_METADATA ? { roleName: e.ALIBABA_CLOUD_ECS_METADATA } : {}),
      imdsV1Disabled: e.ALIBABA_CLOUD_IMDSV1_DISABLED === 'true',
    };
  }
  return undefined;
}
