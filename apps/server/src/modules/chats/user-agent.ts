import Bowser from 'bowser';

/**
 * The browser and operating system an agent sees beside a chat, from the User-Agent of the visitor's socket
 * handshake (bowser: MIT, maintained). Only name and major version: enough to reproduce a problem.
 */
export function describeUserAgent(userAgent: string | undefined): { browser: string | null; os: string | null } {
  if (!userAgent) return { browser: null, os: null };
  const parser = Bowser.getParser(userAgent.slice(0, 1000));
  const browser = parser.getBrowser();
  const os = parser.getOS();
  const major = browser.version?.split('.')[0];
  return {
    browser: browser.name ? `${browser.name}${major ? ` ${major}` : ''}`.slice(0, 100) : null,
    os: os.name ? `${os.name}${os.versionName ? ` ${os.versionName}` : os.version ? ` ${os.version}` : ''}`.slice(0, 100) : null,
  };
}
