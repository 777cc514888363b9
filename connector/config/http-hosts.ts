import type { Violation } from '../../core/index.js';

/**
 * did.httpHosts: bare host names (or IP addresses), compared with the host name of a URL, so lower-cased. A scheme,
 * a port (every port of a listed host is allowed), a path or a user would never match: each is refused, named.
 */
export function httpHostList(entries: readonly string[], problems: Violation[]): readonly string[] {
  return entries.flatMap((entry) => {
    const problem = hostProblem(entry);
    if (problem === undefined) return [entry.toLowerCase()];
    problems.push({ pointer: 'did.httpHosts', message: `'${entry}' ${problem}` });
    return [];
  });
}

function hostProblem(entry: string): string | undefined {
  const why = 'is not a host name (a name like site-a or an IP address; no scheme, port or path)';
  if (!URL.canParse(`http://${entry}`)) return why;
  const url = new URL(`http://${entry}`);
  if (url.hostname !== entry.toLowerCase()) return url.port && `${url.hostname}:${url.port}` === entry.toLowerCase() ? `names a port: ${why}` : why;
  return undefined;
}
