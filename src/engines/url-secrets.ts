/**
 * Keys never travel in a URL lastmile stores or prints: an engine's URL is written to
 * run.json, result rows and messages. A URL carrying credentials — `user:pass@` or a
 * key-like query parameter (`?api_key=…`) — is refused with a message that does not repeat
 * them; keys go in an environment variable and are sent as a header.
 */
const SECRET_PARAM =
  /^(api[_-]?key|apikey|key|access[_-]?token|token|auth|authorization|secret|password|pass|sig|signature|x-api-key)$/i;

/** Why `url` may not be used (without echoing the secret), or undefined when it is clean. */
export function urlSecretProblem(url: URL): string | undefined {
  if (url.username || url.password)
    return 'the URL holds credentials (user:password@); put the key in an environment variable (apiKeyEnv), not in the URL';
  for (const name of url.searchParams.keys())
    if (SECRET_PARAM.test(name))
      return `the URL's query holds a key ("${name}=…"); put it in an environment variable (apiKeyEnv), it is sent as a header, never in a URL`;
  return undefined;
}

/** `text` with URL userinfo and key-like query values replaced by `***`, for messages. */
export function hideUrlSecrets(text: string): string {
  return text
    .replace(/(\w+:\/\/)[^/@\s]*@/g, '$1***@')
    .replace(/([?&])([^=&\s]+)=([^&\s#]*)/g, (whole, sep: string, name: string) =>
      SECRET_PARAM.test(name) ? `${sep}${name}=***` : whole,
    );
}
