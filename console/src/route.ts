/** Where a `#/name/param…?query` link leads; a segment that is not valid percent-encoding makes the link broken. */
export interface Route {
  name: string;
  params: string[];
  query: URLSearchParams;
  /** Why the link cannot be followed (a broken percent-escape), shown instead of the page. */
  broken?: string;
}

export function parseRoute(hash: string): Route {
  const [path = '', queryText = ''] = hash.replace(/^#\/?/, '').split('?');
  const [name = 'catalog', ...segments] = path.split('/').filter(Boolean);
  const query = new URLSearchParams(queryText);
  const params: string[] = [];
  for (const segment of segments) {
    try {
      params.push(decodeURIComponent(segment));
    } catch {
      return { name, params: [], query, broken: `This link is broken: “${segment}” is not a valid percent-encoded id.` };
    }
  }
  return { name, params, query };
}
