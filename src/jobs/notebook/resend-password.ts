import { UserFacingError } from '../../errors.js';
import { mayReadSecret } from '../../governance/roles.js';
import { text, verbatim } from '../../i18n/text.js';
import { message } from '../../messages/model.js';
import type { ChatRequest } from '../../queue/request.js';
import type { CommandJob } from '../command-job.js';
import { fingerprintOf } from './generate-certificate.js';
import { notebookUrl } from './notebook-url.js';
import type { NotebookDeps } from './notebook-deps.js';
import { ownedNotebook } from './owned-notebook.js';

function nameOf(request: ChatRequest): string {
  if (request.command.kind !== 'notebook.password') throw new Error(`resend-password got ${request.command.kind}`);
  return request.command.name;
}

/** `/notebook password <name>`: the password (and certificate fingerprint) from the Secret, again, only to its owner (sealed), never to an admin. */
export const resendPassword = (deps: NotebookDeps): CommandJob => ({
  title: (request) => text('notebook.title.password', { name: nameOf(request) }),
  steps: [],
  async run(context) {
    const name = nameOf(context.request);
    const located = await ownedNotebook(deps, context.request, name);
    // Admins may stop anyone's notebook, but a password is its owner's alone.
    if (!mayReadSecret(context.request.requester, located.info.owner)) {
      throw new UserFacingError('notebook.password_not_owner', text('governance.password.notYours', { name }));
    }
    if (located.info.stopped) throw new UserFacingError('notebook.stopped', text('notebook.error.stopped', { name }));
    const stored = await located.kube.notebooks.readCredentials(deps.notebook.namespace, name);
    if (!stored) throw new UserFacingError('notebook.no_password', text('notebook.error.noPassword', { name }));
    const url = located.info.address
      ? notebookUrl(located.info.address, located.info.port, located.info.tls ?? Boolean(stored.tls))
      : undefined;
    return {
      private: message('info', [text('notebook.password.private', { name, cluster: located.cluster.name })], {
        title: text('notebook.title.password', { name }),
        fields: [
          ...(url ? [{ label: text('notebook.field.url'), value: verbatim(url) }] : []),
          { label: text('notebook.field.password'), value: verbatim(stored.password) },
          ...(stored.tls
            ? [{ label: text('notebook.field.fingerprint'), value: verbatim(fingerprintOf(stored.tls.certificatePem)) }]
            : []),
        ],
      }),
      secret: true,
    };
  },
});
