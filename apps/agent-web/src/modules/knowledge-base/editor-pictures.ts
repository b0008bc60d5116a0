/**
 * Pictures in the article editor. A file just uploaded belongs to no article yet, so `/help/files/<id>`
 * (which serves only the pictures of saved articles) does not show it; its uploader reads it at
 * `/api/v1/attachments/<id>`. The editor shows that address, and the body is saved with the help
 * center's, which the server keeps (and ties the file to the article) when sanitizing.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const EDITING_SRC = new RegExp(`(<img\\b[^>]*?\\bsrc=")/api/v1/attachments/(${UUID})"`, 'gi');

export function editingPictureSrc(attachmentId: string): string {
  return `/api/v1/attachments/${attachmentId}`;
}

export function helpPictureSrc(attachmentId: string): string {
  return `/help/files/${attachmentId}`;
}

/** The editor's HTML as it is saved: uploaded pictures at their help-center address. */
export function bodyForSave(html: string): string {
  return html.replace(EDITING_SRC, (_whole, start: string, id: string) => `${start}${helpPictureSrc(id.toLowerCase())}"`);
}

/** Links the editor accepts: the web, mail, and the help center's own pages (made absolute by the server). */
export function isAllowedLink(href: string): boolean {
  const value = href.trim();
  return /^https?:\/\/[^\s]+$/i.test(value) || /^mailto:[^\s]+$/i.test(value) || /^\/help\/[^\s]*$/.test(value);
}

/** An address typed without its scheme ("example.com/x") is meant as a web address. */
export function normaliseLink(href: string): string {
  const value = href.trim();
  if (value === '' || isAllowedLink(value) || /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('/')) return value;
  return `https://${value}`;
}
