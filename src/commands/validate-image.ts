/**
 * Docker image references, after github.com/distribution/reference:
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component ( "/" path-component )*
 * Two deliberate narrowings: the digest must be sha256 (what registries serve), and a first
 * component with uppercase letters is reported as an uppercase path rather than read as a host.
 * IPv6 registry hosts are not accepted.
 */
const MAX_NAME_CHARS = 255;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export type ImageProblem = 'format' | 'uppercase' | 'tag' | 'digest' | 'too-long';

export function checkImageRef(reference: string): ImageProblem | undefined {
  let rest = reference;
  const at = rest.indexOf('@');
  if (at >= 0) {
    if (!DIGEST.test(rest.slice(at + 1))) return 'digest';
    rest = rest.slice(0, at);
  }
  const colon = rest.indexOf(':', rest.lastIndexOf('/') + 1);
  if (colon >= 0) {
    if (!TAG.test(rest.slice(colon + 1))) return 'tag';
    rest = rest.slice(0, colon);
  }
  if (rest.length === 0) return 'format';
  if (rest.length > MAX_NAME_CHARS) return 'too-long';
  const components = rest.split('/');
  const first = components[0] ?? '';
  const hasDomain = components.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasDomain && !DOMAIN.test(first)) return 'format';
  const path = hasDomain ? components.slice(1) : components;
  if (path.every((component) => PATH_COMPONENT.test(component))) return undefined;
  if (path.every((component) => PATH_COMPONENT.test(component.toLowerCase()))) return 'uppercase';
  return 'format';
}
