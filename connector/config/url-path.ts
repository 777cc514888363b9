/**
 * Why `path` is not a path the public listener can serve endpoints under, or undefined: `/` then segments of
 * letters, digits, `-`, `.`, `_` and `~` (characters Express reads as themselves), none empty, `.` or `..`; no
 * trailing `/`.
 */
export function urlPathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return `'${path}' does not start with '/'`;
  if (path === '/') return "'/' is the root: give a path of its own, such as /api/dsp";
  if (path.length > 1 && path.endsWith('/')) return `'${path}' ends with '/'`;
  const segments = path.slice(1).split('/');
  if (segments.some((s) => s === '')) return `'${path}' has an empty segment`;
  if (segments.some((s) => s === '.' || s === '..')) return `'${path}' has a '.' or '..' segment`;
  if (segments.some((s) => !/^[A-Za-z0-9._~-]+$/.test(s))) return `'${path}' has a character other than letters, digits, - . _ ~ in a segment`;
  return undefined;
}
