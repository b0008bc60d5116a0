/**
 * "My requests": the customer portal in a new tab, in the visitor's language. A visitor whose identity the
 * site verified is signed in straight away: the frame (on the portal's own origin) posts their visitor token to
 * /portal/widget-sign-in, which takes a form of this origin only. Anyone else lands on the portal's sign-in
 * page, which sends a link to their email.
 */
export function openPortal(doc: Document, locale: string, verifiedToken: string | null): void {
  const lang = `lang=${encodeURIComponent(locale)}`;
  if (!verifiedToken) {
    doc.defaultView?.open(`/portal?${lang}`, '_blank', 'noopener');
    return;
  }
  // A form, not fetch: the session cookie must be set in the new tab's top-level, first-party context.
  const form = doc.createElement('form');
  form.method = 'post';
  form.action = `/portal/widget-sign-in?${lang}`;
  form.target = '_blank';
  form.rel = 'noopener';
  form.hidden = true;
  const token = doc.createElement('input');
  token.type = 'hidden';
  token.name = 'visitorToken';
  token.value = verifiedToken;
  form.append(token);
  doc.body.append(form);
  form.submit();
  form.remove();
}
