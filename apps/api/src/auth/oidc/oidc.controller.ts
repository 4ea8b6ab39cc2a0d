import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { Public } from '../../common/public.decorator';
import { OidcError, OidcService } from './oidc.service';

@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  private readonly logger = new Logger('Oidc');

  constructor(
    private readonly oidc: OidcService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 302 to the provider with state, nonce (and PKCE); on failure to the sign-in page with `erreur`. */
  @Public()
  @Get('login')
  @ApiQuery({ name: 'returnTo', required: false, description: 'a path of the web app' })
  async login(@Query('returnTo') returnTo: unknown, @Res() res: Response): Promise<void> {
    try {
      res.redirect(302, await this.oidc.authorizationUrl(returnTo));
    } catch (err) {
      this.fail(res, err);
    }
  }

  @Public()
  @Get('callback')
  @ApiExcludeEndpoint()
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      // The URL the provider redirected to, as registered (PUBLIC_URL + path): openid-client compares it.
      const current = new URL(this.oidc.redirectUri);
      current.search = new URL(req.originalUrl, 'http://x').search;
      const { returnTo, code } = await this.oidc.callback(current);
      res.redirect(302, `${this.config.publicUrl}${returnTo}#login=${encodeURIComponent(code)}`);
    } catch (err) {
      this.fail(res, err);
    }
  }

  private fail(res: Response, err: unknown): void {
    const failure = err instanceof OidcError ? err.failure : 'fournisseur';
    if (err instanceof OidcError) this.logger.warn(`sign-in refused (${failure}): ${err.message}`);
    else this.logger.error(`sign-in failed: ${(err as Error)?.stack ?? err}`);
    res.setHeader('cache-control', 'no-store');
    res.redirect(302, `${this.config.publicUrl}/connexion?erreur=${failure}`);
  }
}
