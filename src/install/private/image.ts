import { IConstruct } from 'constructs';
import { fail } from '../../private/errors';

const REPOSITORY = /^[a-z0-9]+([._-][a-z0-9]+)*(\.[a-z0-9]+)*(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Checks an image registry or repository path: `host[:port][/path]`, lowercase, no scheme. */
export function checkImageRepository(scope: IConstruct, prop: string, value: string, example: string): void {
  if (!REPOSITORY.test(value)) {
    fail(scope, `${prop} "${value}" is not a valid registry path: use host[:port][/path] in lowercase, e.g. "${example}"`);
  }
}

/** Checks an image tag. */
export function checkImageTag(scope: IConstruct, prop: string, value: string, example: string): void {
  if (!TAG.test(value)) {
    fail(scope, `${prop} "${value}" is not a valid image tag: use up to 128 letters, digits, "_", "." and "-", e.g. "${example}"`);
  }
}

/** Checks an optional image digest (`sha256:` and 64 lowercase hex characters). */
export function checkImageDigest(scope: IConstruct, prop: string, digest: string | undefined): void {
  if (digest !== undefined && !DIGEST.test(digest)) {
    fail(scope, `${prop} "${digest}" is not an image digest: use "sha256:" followed by 64 lowercase hex characters`);
  }
}

/** `repository:tag`, or `repository@digest` when a digest pins the image. */
export function imageReference(repository: string, tag: string, digest: string | undefined): string {
  return digest ? `${repository}@${digest}` : `${repository}:${tag}`;
}
