import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { DomainError, ErrorCodes } from '@parley/domain';
import type { ErrorResponse } from '@parley/protocol';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { httpStatusOf } from './http-error.js';

/** Turns anything thrown into `{"error":{"code","message"}}`; unknown errors are logged and hidden. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const { status, body } = toErrorResponse(error);
    const log = { method: req.method, url: req.originalUrl, status, code: body.error.code };
    if (status >= 500) logger.error({ ...log, err: error }, 'request failed');
    else logger.info(log, 'request refused');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).json(body);
  };
}

export function toErrorResponse(error: unknown): { status: number; body: ErrorResponse } {
  if (error instanceof DomainError) {
    return {
      status: httpStatusOf(error.code),
      body: { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } },
    };
  }
  if (error instanceof z.ZodError) {
    const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
    const first = issues[0];
    return {
      status: 400,
      body: {
        error: {
          code: ErrorCodes.requestInvalid,
          message: first ? `${first.path || 'body'}: ${first.message}` : 'The request is invalid.',
          details: { issues },
        },
      },
    };
  }
  if (error instanceof URIError) {
    // The router could not decode a path parameter (`/tickets/%E0%A4%A`): the address is malformed.
    return { status: 400, body: { error: { code: ErrorCodes.requestInvalidPath, message: 'The address has malformed percent-encoding.' } } };
  }
  if (error instanceof UniqueConstraintViolationException) {
    // A concurrent request won the race for a unique value (an email, a client id): a conflict, not a crash.
    return { status: 409, body: { error: { code: ErrorCodes.conflict, message: 'That conflicts with existing data; reload and try again.' } } };
  }
  const bodyParserError = error as { type?: string; status?: number; expose?: boolean } | null;
  if (bodyParserError?.type === 'entity.parse.failed') {
    return { status: 400, body: { error: { code: ErrorCodes.requestMalformedJson, message: 'The body is not valid JSON.' } } };
  }
  if (bodyParserError?.type === 'entity.too.large') {
    return { status: 413, body: { error: { code: ErrorCodes.requestTooLarge, message: 'The body is too large.' } } };
  }
  if (bodyParserError?.type === 'charset.unsupported' || bodyParserError?.type === 'encoding.unsupported') {
    return { status: 415, body: { error: { code: ErrorCodes.requestUnsupportedMediaType, message: 'Unsupported body encoding.' } } };
  }
  if (bodyParserError?.expose && typeof bodyParserError.status === 'number' && bodyParserError.status < 500) {
    return { status: bodyParserError.status, body: { error: { code: ErrorCodes.requestInvalid, message: 'The request is invalid.' } } };
  }
  return { status: 500, body: { error: { code: ErrorCodes.internal, message: 'Something went wrong on our side.' } } };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: ErrorCodes.notFound, message: `No route for ${req.method} ${req.path}.` } });
};
