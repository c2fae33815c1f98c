/** TwiML parameters travel as a query string: `twilio.params` in an outgoing invite, `parameters.Params` in an incoming one. */
export function encodeParams(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

export function decodeParams(query: string | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  if (!query) return params;
  for (const pair of query.split('&')) {
    const [key = '', value = ''] = pair.split('=');
    if (key) params[decodeURIComponent(key)] = decodeURIComponent(value.replace(/\+/g, '%20'));
  }
  return params;
}
