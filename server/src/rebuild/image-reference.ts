/**
 * Image references as docker and podman read them: `[registry[:port]/]path[:tag][@digest]`
 * (the grammar of the distribution `reference` package the two engines share). A value
 * outside it, above all one starting with `-` that the engine would read as an option, is
 * refused before any engine is called.
 */

/** The reference package's limit on the name part (registry and path). */
const MAX_NAME_LENGTH = 255;
/** Name, a 128-character tag and a sha512 digest fit well below this; longer is not looked at. */
const MAX_REFERENCE_LENGTH = 512;

/** `alpine`, `library`, `my_image`, `a.b-c`: lowercase words joined by `.`, `_`, `__` or dashes. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6_HOST = /^\[[a-fA-F0-9:]+\]$/;
const PORT = /^[0-9]+$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

const EXPECTED = 'expected [registry/]name[:tag][@digest], such as alpine:3.24';

/**
 * The first component names a registry when it has a `.` or `:` or is `localhost` (docker 28;
 * podman also takes one with an uppercase letter, which docker refuses).
 */
function isRegistry(component: string): boolean {
  return /[.:]/.test(component) || component === 'localhost';
}

function registryProblem(registry: string): string | null {
  const colon = registry.startsWith('[') ? registry.indexOf(']:') + 1 : registry.indexOf(':');
  const host = colon > 0 ? registry.slice(0, colon) : registry;
  const port = colon > 0 ? registry.slice(colon + 1) : null;
  if (port !== null && !PORT.test(port)) return `the registry port '${port}' is not a number`;
  if (IPV6_HOST.test(host)) return null;
  if (host.split('.').every((part) => DOMAIN_COMPONENT.test(part))) return null;
  return `the registry '${registry}' is not a host name`;
}

function nameProblem(name: string): string | null {
  if (name === '') return 'the name is empty';
  if (name.length > MAX_NAME_LENGTH) return `the name is longer than ${MAX_NAME_LENGTH} characters`;
  const components = name.split('/');
  if (components.length > 1 && isRegistry(components[0])) {
    const problem = registryProblem(components[0]);
    if (problem !== null) return problem;
    components.shift();
  }
  const bad = components.find((component) => !PATH_COMPONENT.test(component));
  if (bad === undefined) return null;
  return bad === ''
    ? 'the name has an empty part'
    : `'${bad}' is not a name part (lowercase letters and digits, joined by '.', '_' or '-')`;
}

/**
 * Why `image` is not an image reference the engines accept, or null when it is. An image id
 * as inspect prints it (`sha256:` and 64 hex digits) reads as name `sha256` with a tag.
 */
export function imageReferenceProblem(image: string): string | null {
  if (image === '') return 'is empty';
  if (image.startsWith('-'))
    return "begins with '-', which the container engine would take for an option";
  if (image.length > MAX_REFERENCE_LENGTH)
    return `is longer than ${MAX_REFERENCE_LENGTH} characters`;
  let rest = image;
  const at = rest.indexOf('@');
  if (at >= 0) {
    if (!DIGEST.test(rest.slice(at + 1)))
      return `is not an image reference: the digest '${rest.slice(at + 1)}' is not ALGORITHM:HEX (${EXPECTED})`;
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    const tag = rest.slice(colon + 1);
    if (!TAG.test(tag))
      return `is not an image reference: the tag '${tag}' is not letters, digits, '_', '.' and '-' (${EXPECTED})`;
    rest = rest.slice(0, colon);
  }
  const problem = nameProblem(rest);
  return problem === null ? null : `is not an image reference: ${problem} (${EXPECTED})`;
}

/** Throws when `image` is no image reference; `what` names where it came from. */
export function checkImageReference(image: string, what = 'image'): void {
  const problem = imageReferenceProblem(image);
  if (problem !== null) throw new Error(`${what} '${image}' ${problem}`);
}
