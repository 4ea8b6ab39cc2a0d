import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from '@app/domain';

/** The status of every domain error code. Exhaustive: a new code must be mapped here to compile. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.InvalidInput:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.InvalidCredentials:
    case ErrorCode.Unauthenticated:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.Forbidden:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.Conflict:
    case ErrorCode.InvalidTransition:
    case ErrorCode.AlreadyExists:
    case ErrorCode.Locked:
    case ErrorCode.DeadlinePassed:
    case ErrorCode.VoteNotOpen:
    case ErrorCode.AlreadyVoted:
    case ErrorCode.StaleVersion:
    case ErrorCode.NoChange:
      return HttpStatus.CONFLICT;
    case ErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorCode.RateLimited:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorCode.Unavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ErrorCode.Gone:
      return HttpStatus.GONE;
    default: {
      const unmapped: never = code;
      throw new Error(`unmapped error code ${String(unmapped)}`);
    }
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

/**
 * Every error leaves as `{statusCode, error, message}`. Domain errors by their code, Nest's
 * HTTP exceptions as they are, body-parser errors (too large, malformed JSON) as 413/400,
 * anything else as a 500 without details, logged with the request id.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    if (!res || typeof res.status !== 'function') throw exception; // not HTTP (websocket contexts)
    const { status, message, extra } = this.describe(exception, req);
    if (res.headersSent) return;
    res.status(status).json({ statusCode: status, error: REASONS[status] ?? 'Error', message, ...extra });
  }

  private describe(exception: unknown, req: Request & { id?: string }): { status: number; message: string | string[]; extra?: object } {
    if (exception instanceof DomainError) {
      return { status: statusOf(exception.code), message: exception.details ?? exception.message, extra: { code: exception.code } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: string | string[] }).message ?? exception.message);
      return { status, message };
    }
    const bp = exception as BodyParserError;
    if (bp && typeof bp === 'object' && typeof bp.type === 'string' && (bp.status ?? bp.statusCode)) {
      const status = (bp.status ?? bp.statusCode) as number;
      if (bp.type === 'entity.too.large') return { status: 413, message: 'Corps de requête trop volumineux' };
      if (bp.type === 'entity.parse.failed') return { status: 400, message: 'JSON invalide' };
      if (status >= 400 && status < 500) return { status, message: 'Requête invalide' };
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
      // invalid text representation / out of range / string too long / NUL character in text
      // (22021) or in JSON (22P05): input the DTOs let through
      if (code === '22P02' || code === '22003' || code === '22001' || code === '22007' || code === '22008' || code === '22021' || code === '22P05') {
        return { status: 400, message: 'Valeur invalide' };
      }
      if (code === '23505') return { status: 409, message: 'Conflit avec une donnée existante' };
    }
    this.logger.error(`request ${req?.id ?? '-'} ${req?.method} ${req?.url} failed: ${(exception as Error)?.stack ?? exception}`);
    return { status: 500, message: 'Erreur interne' };
  }
}
