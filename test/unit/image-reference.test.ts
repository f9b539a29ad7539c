import { describe, expect, it } from 'vitest';
import { imageReferenceProblem } from '../../server/src/rebuild/image-reference';

const hex = (pair: string): string => pair.repeat(32);

/**
 * The reference grammar docker and podman share. Each accepted and refused example was put to
 * `docker image inspect -- REF` (docker 28.2): accepted ones got "no such image", refused ones
 * "invalid reference format" (IPv6 registries are in the grammar since distribution/reference
 * 0.6, newer than the daemon here).
 */
describe('image references', () => {
  it.each([
    'alpine',
    'alpine:3.24',
    'library/alpine:3.24',
    'docker.io/library/alpine:3.24',
    'localhost/foo',
    'localhost:5000/foo/bar:tag',
    'registry.example.com/a__b/c-d--e:v1.2-rc_1',
    '[::1]:5000/foo',
    `alpine@sha256:${hex('ab')}`,
    `alpine:3.24@sha256:${hex('ab')}`,
    // An image id as inspect prints it: name sha256, tag the hex.
    `sha256:${hex('5c')}`,
    'apkbuild-hardening-test/stand-in:abc123def456',
  ])('accepts %s', (image) => {
    expect(imageReferenceProblem(image)).toBeNull();
  });

  it.each([
    ['', 'is empty'],
    ['--privileged', "begins with '-', which the container engine would take for an option"],
    ['-a', "begins with '-', which the container engine would take for an option"],
    ['alpine:', "the tag '' is not letters"],
    ['alpine:-x', "the tag '-x' is not letters"],
    ['alpine:.x', "the tag '.x' is not letters"],
    [':tag', 'the name is empty'],
    ['ALPINE', "'ALPINE' is not a name part"],
    ['Foo/bar', "'Foo' is not a name part"],
    ['a b', "'a b' is not a name part"],
    ['a___b', "'a___b' is not a name part"],
    ['a..b', "'a..b' is not a name part"],
    ['a_.b', "'a_.b' is not a name part"],
    ['a-', "'a-' is not a name part"],
    ['_a', "'_a' is not a name part"],
    ['../alpine', "the registry '..' is not a host name"],
    ['a//b', 'the name has an empty part'],
    ['/a', 'the name has an empty part'],
    ['reg:abc/x', "the registry port 'abc' is not a number"],
    ['reg-.com/x', "the registry 'reg-.com' is not a host name"],
    ['alpine@sha256:abc', "the digest 'sha256:abc' is not ALGORITHM:HEX"],
    ['alpine,readonly', "'alpine,readonly' is not a name part"],
  ])('refuses %j: %s', (image, why) => {
    expect(imageReferenceProblem(image)).toContain(why);
  });

  it('refuses names longer than the grammar allows, and says what it expects', () => {
    expect(imageReferenceProblem('a'.repeat(256))).toBe(
      'is not an image reference: the name is longer than 255 characters ' +
        '(expected [registry/]name[:tag][@digest], such as alpine:3.24)',
    );
    expect(imageReferenceProblem(`a:${'b'.repeat(600)}`)).toBe('is longer than 512 characters');
  });
});
