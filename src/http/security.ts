import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { Config } from '../config.js';
import { RateLimitedError } from '../domain/errors.js';

// Security headers for the API, the web app and swagger-ui. Scripts only from our own origin
// (the Vite build and swagger-ui load external files, no inline script); inline styles are
// allowed because Mantine injects its CSS variables in a <style> element. HSTS and
// upgrade-insecure-requests only when served over HTTPS (secure cookies), or a plain-HTTP
// install on the office network would break.
export function helmetOptions(config: Config): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // swagger-ui and the SPA are same-origin; nothing embeds our resources cross-origin.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'same-origin' },
  };
}

// Per-address request limits, for the routes that opt in with `config.rateLimit` (login).
export const rateLimitOptions: RateLimitPluginOptions = {
  global: false,
  errorResponseBuilder: (_req, context) =>
    new RateLimitedError(`Too many login requests from your address: try again in ${context.after}`, Math.max(1, Math.ceil(context.ttl / 1000))),
};
