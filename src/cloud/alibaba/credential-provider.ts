import {
  ECSRAMRoleCredentialsProvider,
  OIDCRoleArnCredentialsProvider,
  StaticAKCredentialsProvider,
  StaticSTSCredentialsProvider,
} from '@alicloud/credentials';
import type { CloudCredentialsConfig, CredentialsSource } from '../../config/config.js';
import { GpubotError } from '../../errors.js';
import { text } from '../../i18n/text.js';

/** What pop-core signs a request with. */
export interface CloudCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export interface CredentialProvider {
  readonly source: CredentialsSource;
  /**
   * The credentials to sign the next request with. Temporary ones (RRSA, ECS RAM role) are cached
   * by @alicloud/credentials and exchanged again before they expire (15 minutes ahead), so a call
   * made during a long provisioning never carries an expired token. Ask before every request.
   */
  get(): Promise<CloudCredentials>;
}

interface LibraryProvider {
  getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken?: string }>;
}

function libraryProvider(config: CloudCredentialsConfig): LibraryProvider {
  switch (config.source) {
    case 'access-key':
      return config.securityToken
        ? StaticSTSCredentialsProvider.builder()
            .withAccessKeyId(config.accessKeyId)
            .withAccessKeySecret(config.accessKeySecret)
            .withSecurityToken(config.securityToken)
            .build()
        : StaticAKCredentialsProvider.builder()
            .withAccessKeyId(config.accessKeyId)
            .withAccessKeySecret(config.accessKeySecret)
            .build();
    case 'oidc-role-arn':
      return OIDCRoleArnCredentialsProvider.builder()
        .withRoleArn(config.roleArn)
        .withOIDCProviderArn(config.oidcProviderArn)
        .withOIDCTokenFilePath(config.oidcTokenFile)
        .withRoleSessionName(config.roleSessionName)
        .withStsEndpoint(config.stsEndpoint)
        .build();
    case 'ecs-ram-role': {
      const builder = ECSRAMRoleCredentialsProvider.builder().withDisableIMDSv1(config.imdsV1Disabled);
      return (config.roleName ? builder.withRoleName(config.roleName) : builder).build();
    }
  }
}

/** Where the operator should look when a source fails; never the credentials themselves. */
const HINTS: Record<CredentialsSource, string> = {
  'access-key': 'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'oidc-role-arn': 'RRSA: ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, the token file and the STS endpoint',
  'ecs-ram-role': "the ECS instance's RAM role and its metadata service",
};

/**
 * Alibaba Cloud credentials from the configured member of @alicloud/credentials' chain. A failure
 * to get them (STS or the metadata service down) is retryable: work waits, it is not dropped.
 */
export function createCredentialProvider(config: CloudCredentialsConfig): CredentialProvider {
  const provider = libraryProvider(config);
  return {
    source: config.source,
    async get() {
      let credentials;
      try {
        credentials = await provider.getCredentials();
      } catch (error) {
        // The library's messages carry STS/metadata answers, never the secrets it holds.
        const reason = error instanceof Error ? error.message : String(error);
        throw new GpubotError('cloud.credentials_unavailable', `no Alibaba Cloud credentials from ${config.source}: ${reason}`, {
          retryable: true,
          cause: error,
          userMessage: text('cloud.error.credentialsUnavailable', { source: HINTS[config.source] }),
        });
      }
      return {
        accessKeyId: credentials.accessKeyId,
        accessKeySecret: credentials.accessKeySecret,
        ...(credentials.securityToken ? { securityToken: credentials.securityToken } : {}),
      };
    },
  };
}
