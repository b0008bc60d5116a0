import { DomainError, ErrorCodes, HELP_LOGO_MAX_BYTES, HELP_LOGO_SIGNATURE_BYTES, helpLogoTypeOf, isHelpLogoType } from '@parley/domain';
import type { AgentScope } from '../../app-context.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { KbArticleFile } from '../knowledge-base/knowledge-base.entity.js';
import { Widget } from './widget.entity.js';

/**
 * Checks an upload an administrator names as the help center's logo, since it becomes public: it must be
 * theirs and not sent anywhere yet (or already a logo), a raster picture by its declared type and by its
 * bytes (a script-carrying SVG renamed .png is refused), and small.
 */
export async function checkedHelpLogo(scope: AgentScope, id: string): Promise<string> {
  const attachment = await scope.em.findOne(Attachment, { id });
  const alreadyLogo = attachment ? (await scope.em.count(Widget, { logoAttachment: id })) > 0 : false;
  const unusedUpload =
    !!attachment &&
    attachment.uploadedByAgent === scope.agent.agentId &&
    attachment.threadItem == null &&
    attachment.teamMessage == null &&
    (await scope.em.count(KbArticleFile, { attachment: id })) === 0;
  if (!attachment || !(alreadyLogo || unusedUpload)) {
    throw new DomainError(ErrorCodes.attachmentNotFound, 'logoAttachmentId: no upload of yours that is not used elsewhere.');
  }
  if (!isHelpLogoType(attachment.contentType)) {
    throw new DomainError(ErrorCodes.attachmentTypeNotAllowed, 'logoAttachmentId: the logo must be a PNG, JPEG, WebP or GIF picture (SVG is not accepted).', { contentType: attachment.contentType });
  }
  if (attachment.size > HELP_LOGO_MAX_BYTES) {
    throw new DomainError(ErrorCodes.attachmentTooLarge, `logoAttachmentId: the logo is larger than ${HELP_LOGO_MAX_BYTES} bytes.`, { limit: HELP_LOGO_MAX_BYTES });
  }
  const head = (await scope.app.storage.read(attachment.storageKey)).subarray(0, HELP_LOGO_SIGNATURE_BYTES);
  if (helpLogoTypeOf(head) !== attachment.contentType) {
    throw new DomainError(ErrorCodes.attachmentTypeNotAllowed, `logoAttachmentId: the file is not the ${attachment.contentType} picture it claims to be.`, { contentType: attachment.contentType });
  }
  return attachment.id;
}
