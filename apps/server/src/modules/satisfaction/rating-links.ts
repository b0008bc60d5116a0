import { createHmac } from 'node:crypto';
import { formatRatingToken, ratingTokenPayload, type SatisfactionRating, verifiedRatingToken } from '@parley/domain';
import { sameSecret } from '../agents/secrets.js';

/**
 * Signs and checks survey tokens (the domain's shape, HMAC-SHA256). The key is derived from the server's
 * signing secret for this purpose alone, so a survey token can never pass for a visitor token or a cookie.
 */
export class RatingLinks {
  readonly #key: Buffer;

  constructor(
    serverSecret: string,
    private readonly publicUrl: string,
  ) {
    this.#key = createHmac('sha256', serverSecret).update('parley satisfaction survey v1').digest();
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest('base64url');
  }

  token(surveyId: number): string {
    return formatRatingToken(surveyId, this.#sign(ratingTokenPayload(surveyId)));
  }

  /** The survey a token names, or null when it is not one of ours. */
  surveyOf(token: string | null | undefined): number | null {
    return verifiedRatingToken(token, (payload, signature) => sameSecret(this.#sign(payload), signature));
  }

  /** The rating page with an answer chosen, as the survey letter links it. */
  pageUrl(surveyId: number, rating: SatisfactionRating, locale: string): string {
    return `${this.publicUrl}/rate/${encodeURIComponent(this.token(surveyId))}?rating=${rating}&lang=${locale}`;
  }
}
