/**
 * The token of an `Authorization` header value `Bearer <token>`: the scheme name in any case (RFC 7235 §2.1: "bearer",
 * "BEARER"), one or more spaces, then exactly one token. With `bareAllowed`, a value that is one token alone (no
 * whitespace, and not the scheme name itself) is the token too, as EDC clients send a data token or a self-issued
 * token. Undefined for anything else: no header, another scheme, no token, two tokens, a scheme glued to its token
 * (`Bearerx`, read as a bare token only where bare tokens are allowed, and then verified like any other).
 */
export function bearerToken(authorization: string | undefined, options: { bareAllowed?: boolean } = {}): string | undefined {
  if (authorization === undefined) return undefined;
  const schemed = /^bearer +(\S+)$/i.exec(authorization)?.[1];
  if (schemed !== undefined) return schemed;
  return options.bareAllowed === true && /^\S+$/.test(authorization) && !/^bearer$/i.test(authorization) ? authorization : undefined;
}
