/** The text typed after an `@` right before the caret (the start of a mention), or null when the caret is not in one. */
export function mentionQuery(body: string, caret: number): string | null {
  const before = body.slice(0, caret);
  const match = /(?:^|\s)@([^\s@]{0,40})$/u.exec(before);
  return match ? (match[1] ?? '') : null;
}

/** The mentions picked that the message still names (`@Name`), each once. */
export function mentionsInBody(body: string, picked: readonly number[], nameOf: (id: number) => string | null): number[] {
  const out: number[] = [];
  for (const id of picked) {
    const name = nameOf(id);
    if (name && body.includes(`@${name}`) && !out.includes(id)) out.push(id);
  }
  return out;
}
