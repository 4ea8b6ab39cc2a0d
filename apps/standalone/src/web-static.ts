import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';

const NOT_WEB = /^\/(api|collab|socket\.io)(\/|$)/;

/**
 * Serves the built web app at `/`; any other GET that is not an API, collab or socket.io path
 * gets index.html so that deep links work on reload.
 */
export function webApp(dir: string): ((req: Request, res: Response, next: NextFunction) => void)[] {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    return [
      (req, res, next) => {
        if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_WEB.test(req.path)) return next();
        res.status(503).type('text/plain; charset=utf-8').send("L'application web n'est pas construite : lancez `npm run build:web`.");
      },
    ];
  }
  const assets = express.static(dir, { index: false, maxAge: '1h', immutable: false });
  return [
    (req, res, next) => (NOT_WEB.test(req.path) ? next() : assets(req, res, next)),
    (req, res, next) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_WEB.test(req.path)) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    },
  ];
}
