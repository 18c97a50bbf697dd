/** `https://203.0.113.10`, with the port only when it is not the scheme's own. */
export function notebookUrl(address: string, port: number | undefined, tls: boolean): string {
  const scheme = tls ? 'https' : 'http';
  const host = address.includes(':') ? `[${address}]` : address;
  const standard = tls ? 443 : 80;
  return `${scheme}://${host}${port !== undefined && port !== standard ? `:${port}` : ''}`;
}
